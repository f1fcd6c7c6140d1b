using PersonalizationEngine.Projection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Serving;

namespace PersonalizationEngine.Server.Services;

/// <summary>
/// ModelAdminService: the serving models and the event log (GetModelStatus), training on demand
/// (Retrain, by model name), and erasure of a customer (ForgetCustomer, <see cref="CustomerErasure"/>).
/// </summary>
public sealed class ModelAdminGrpcService(
    EventIngestion ingestion, LiveCatalog catalog, IEnumerable<IServingModel> models, IGrainFactory grains, ProjectionProgress projection,
    CustomerErasure erasure, IOptions<EngineOptions> options)
    : ModelAdminService.ModelAdminServiceBase
{
    public override async Task<ForgetCustomerResponse> ForgetCustomer(ForgetCustomerRequest request, ServerCallContext context)
    {
        var customerId = RequestValidation.RequireId(request.CustomerId, "customer_id", options.Value.MaxIdLength);
        return new ForgetCustomerResponse { EventsErased = await erasure.ForgetAsync(customerId, context.CancellationToken) };
    }

    public override Task<GetModelStatusResponse> GetModelStatus(GetModelStatusRequest request, ServerCallContext context)
    {
        var log = ingestion.Log;
        var response = new GetModelStatusResponse
        {
            EventsInLog = log.EventCount,
            ProductsInCatalog = catalog.ProductCount,
            LastEventAt = log.LastEventAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            ProjectionLag = projection.Lag,
            ReviewsAwaitingScore = catalog.Reviews.HeldCount,
        };
        foreach (var model in models) response.Models.Add(Describe(model.Status()));
        return Task.FromResult(response);
    }

    public override async Task<RetrainResponse> Retrain(RetrainRequest request, ServerCallContext context)
    {
        var model = request.Model is "" ? ModelNames.Recommendation : request.Model;
        var served = Known(model);
        var run = await grains.ByKey<IModelTrainerGrain>(model).RetrainAsync();
        var version = served.NameOf(run.Version);
        var response = new RetrainResponse { Version = version, Published = run.Published, Note = run.Note, TrainingSeconds = run.TrainingSeconds };
        foreach (var (name, value) in run.Metrics) response.Metrics[name] = value;
        return response;
    }

    public override Task<ListModelRunsResponse> ListModelRuns(ListModelRunsRequest request, ServerCallContext context)
    {
        if (request.Model is not "") Known(request.Model);
        var response = new ListModelRunsResponse();
        foreach (var store in models.Where(s => request.Model is "" || s.Model == request.Model))
            response.Runs.AddRange(store.History().Select(run => RunOf(store, run)));
        return Task.FromResult(response);
    }

    /// <summary>The registered model of that name; INVALID_ARGUMENT naming the field otherwise.</summary>
    private IServingModel Known(string model) =>
        models.FirstOrDefault(m => m.Model == model)
        ?? throw RequestValidation.Invalid("model", $"unknown model '{RequestValidation.Quote(model)}' (known: {string.Join(", ", models.Select(m => m.Model))})");

    private static ModelRun RunOf(IServingModel store, ModelVersionInfo run) => new()
    {
        Status = Describe(new ModelStatusInfo(store.Model, store.NameOf(run.Version), run.Algorithm, run)),
        Events = run.Events,
        Published = run.Published,
        Note = run.Note,
    };

    private static ModelStatus Describe(ModelStatusInfo serving)
    {
        var status = new ModelStatus { Model = serving.Model, Version = serving.Version, Algorithm = serving.Algorithm };
        if (serving.Run is not { } run) return status;
        status.TrainedAt = Timestamp.FromDateTimeOffset(run.TrainedAt);
        status.TrainingSeconds = run.TrainingSeconds;
        foreach (var (name, value) in run.Metrics) status.Metrics[name] = value;
        return status;
    }
}
