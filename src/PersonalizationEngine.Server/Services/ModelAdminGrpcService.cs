using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Server.Serving;
using PersonalizationEngine.Server.Training;

namespace PersonalizationEngine.Server.Services;

/// <summary>
/// ModelAdminService: the serving recommendation model and the event log (GetModelStatus), training on
/// demand (Retrain). ForgetCustomer answers UNIMPLEMENTED until the erasure issue lands.
/// </summary>
public sealed class ModelAdminGrpcService(EventIngestion ingestion, LiveCatalog catalog, RecommendationModelStore models, IGrainFactory grains)
    : ModelAdminService.ModelAdminServiceBase
{
    private const string RecommendationModel = "recommendation";

    public override Task<GetModelStatusResponse> GetModelStatus(GetModelStatusRequest request, ServerCallContext context)
    {
        var log = ingestion.Log;
        var response = new GetModelStatusResponse
        {
            EventsInLog = log.EventCount,
            ProductsInCatalog = catalog.ProductCount,
            LastEventAt = log.LastEventAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
        response.Models.Add(RecommendationStatus(models.Current));
        return Task.FromResult(response);
    }

    public override async Task<RetrainResponse> Retrain(RetrainRequest request, ServerCallContext context)
    {
        if (request.Model is not ("" or RecommendationModel))
            throw RequestValidation.Invalid("model", $"unknown model '{request.Model}' (known: {RecommendationModel})");
        var run = await grains.GetGrain<IRecommendationTrainerGrain>(IRecommendationTrainerGrain.DefaultKey).RetrainAsync();
        var response = new RetrainResponse { Version = ServingModel.NameOf(run.Version), Published = run.Published, Note = run.Note, TrainingSeconds = run.TrainingSeconds };
        foreach (var (name, value) in run.Metrics) response.Metrics[name] = value;
        return response;
    }

    private static ModelStatus RecommendationStatus(ServingModel? model)
    {
        if (model is null)
        {
            // No trained model yet: the live blend serves alone, updated with every committed event.
            return new ModelStatus
            {
                Model = RecommendationModel,
                Version = Recommender.BaselineVersion,
                Algorithm = "time-decayed popularity blended with session co-interaction and category affinity (live, no training)",
            };
        }
        var status = new ModelStatus
        {
            Model = RecommendationModel,
            Version = model.VersionName,
            Algorithm = $"{RecommendationTraining.Algorithm}, folded in live, blended with popularity, co-interaction and category affinity",
            TrainedAt = Timestamp.FromDateTimeOffset(model.Info.TrainedAt),
            TrainingSeconds = model.Info.TrainingSeconds,
        };
        foreach (var (name, value) in model.Info.Metrics) status.Metrics[name] = value;
        return status;
    }
}
