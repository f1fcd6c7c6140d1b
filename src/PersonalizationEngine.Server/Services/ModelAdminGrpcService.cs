using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Server.Serving;

namespace PersonalizationEngine.Server.Services;

/// <summary>
/// ModelAdminService. GetModelStatus reports the serving recommender and the event log; Retrain and
/// ForgetCustomer answer UNIMPLEMENTED until the trainer and erasure issues land.
/// </summary>
public sealed class ModelAdminGrpcService(EventIngestion ingestion, LiveCatalog catalog) : ModelAdminService.ModelAdminServiceBase
{
    public override Task<GetModelStatusResponse> GetModelStatus(GetModelStatusRequest request, ServerCallContext context)
    {
        var log = ingestion.Log;
        var response = new GetModelStatusResponse
        {
            EventsInLog = log.EventCount,
            ProductsInCatalog = catalog.ProductCount,
            LastEventAt = log.LastEventAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
        response.Models.Add(new ModelStatus
        {
            Model = "recommendation",
            Version = Recommender.ModelVersion,
            // Live: updated with every committed event, so there is no training run to report.
            Algorithm = "time-decayed popularity blended with session co-interaction and category affinity (live, no training)",
        });
        return Task.FromResult(response);
    }
}
