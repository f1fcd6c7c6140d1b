using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.ML.Segmentation;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Serving;
using static PersonalizationEngine.Server.Ingestion.RequestValidation;

namespace PersonalizationEngine.Server.Services;

/// <summary>
/// SegmentService: GetCustomerSegment (from the customer's live activity; an unknown customer gets a new
/// customer's segment) and ListSegments (sizes as of training). Before the first segmentation both answer
/// FAILED_PRECONDITION.
/// </summary>
public sealed class SegmentGrpcService(CustomerSegments segments, IOptions<EngineOptions> engine) : SegmentService.SegmentServiceBase
{
    private readonly int _maxIdLength = engine.Value.MaxIdLength;

    public override async Task<CustomerSegmentResponse> GetCustomerSegment(CustomerSegmentRequest request, ServerCallContext context)
    {
        var customerId = RequireId(request.CustomerId, "customer_id", _maxIdLength);
        var model = segments.Current ?? throw NotTrained();
        var segment = await segments.SegmentOfAsync(model.Model, customerId);
        return new CustomerSegmentResponse { Segment = ToMessage(segment), ModelVersion = model.VersionName };
    }

    public override Task<ListSegmentsResponse> ListSegments(ListSegmentsRequest request, ServerCallContext context)
    {
        var model = segments.Current ?? throw NotTrained();
        var response = new ListSegmentsResponse { ModelVersion = model.VersionName };
        response.Segments.AddRange(model.Model.Segments.Select(ToMessage));
        return Task.FromResult(response);
    }

    private static Segment ToMessage(CustomerSegment s) => new() { SegmentId = s.Id, Description = s.Description, Size = s.Size };

    private static RpcException NotTrained() => new(new Status(StatusCode.FailedPrecondition,
        "customers are not segmented yet: retrain model 'segments' (ModelAdminService.GetModelStatus says why)"));
}
