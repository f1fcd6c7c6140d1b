using PersonalizationEngine.Projection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains;
using PersonalizationEngine.ML.Forecasting;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Propensity;
using PersonalizationEngine.ML.Segmentation;
using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Server.Serving;
using PersonalizationEngine.Server.Training;

namespace PersonalizationEngine.Server.Services;

/// <summary>
/// ModelAdminService: the serving models and the event log (GetModelStatus), training on demand
/// (Retrain, by model name), and erasure of a customer (ForgetCustomer, <see cref="CustomerErasure"/>).
/// </summary>
public sealed class ModelAdminGrpcService(
    EventIngestion ingestion, LiveCatalog catalog, ModelStore<ItemFactorSnapshot> recommendations, ModelStore<PropensityPredictor> propensity,
    ModelStore<SentimentModel> sentiment, ModelStore<DemandForecastModel> forecast, ModelStore<SegmentModel> segments, SentimentScorer sentimentScorer,
    IEnumerable<IServingModel> models, IGrainFactory grains, ProjectionProgress projection, CustomerErasure erasure, IOptions<EngineOptions> options)
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
        };
        response.Models.Add(RecommendationStatus());
        response.Models.Add(StatusOf(propensity, PropensityTraining.Algorithm));
        response.Models.Add(SentimentStatus());
        response.Models.Add(StatusOf(forecast, ForecastTraining.Algorithm));
        response.Models.Add(StatusOf(segments, SegmentTraining.Algorithm));
        return Task.FromResult(response);
    }

    public override async Task<RetrainResponse> Retrain(RetrainRequest request, ServerCallContext context)
    {
        var model = request.Model is "" ? ModelNames.Recommendation : request.Model;
        if (!ModelNames.All.Contains(model))
            throw RequestValidation.Invalid("model", $"unknown model '{RequestValidation.Quote(request.Model)}' (known: {string.Join(", ", ModelNames.All)})");
        var run = await grains.ByKey<IModelTrainerGrain>(model).RetrainAsync();
        var version = model switch
        {
            ModelNames.Recommendation => recommendations.NameOf(run.Version),
            ModelNames.Propensity => propensity.NameOf(run.Version),
            ModelNames.Forecast => forecast.NameOf(run.Version),
            ModelNames.Segments => segments.NameOf(run.Version),
            _ => sentiment.NameOf(run.Version),
        };
        var response = new RetrainResponse { Version = version, Published = run.Published, Note = run.Note, TrainingSeconds = run.TrainingSeconds };
        foreach (var (name, value) in run.Metrics) response.Metrics[name] = value;
        return response;
    }

    public override Task<ListModelRunsResponse> ListModelRuns(ListModelRunsRequest request, ServerCallContext context)
    {
        if (request.Model is not "" && !ModelNames.All.Contains(request.Model))
            throw RequestValidation.Invalid("model", $"unknown model '{RequestValidation.Quote(request.Model)}' (known: {string.Join(", ", ModelNames.All)})");
        var response = new ListModelRunsResponse();
        foreach (var store in models.Where(s => request.Model is "" || s.Model == request.Model))
            response.Runs.AddRange(store.History().Select(run => RunOf(store, run)));
        return Task.FromResult(response);
    }

    private static ModelRun RunOf(IServingModel store, ModelVersionInfo run) => new()
    {
        Status = Describe(store.Model, store.NameOf(run.Version), run.Algorithm, run),
        Events = run.Events,
        Published = run.Published,
        Note = run.Note,
    };

    private ModelStatus RecommendationStatus()
    {
        if (recommendations.Current is { } model)
            return Status(recommendations, model, $"{RecommendationTraining.Algorithm}, folded in live, blended with popularity, co-interaction and category affinity");
        // No trained model yet: the live blend serves alone, updated with every committed event.
        return new ModelStatus
        {
            Model = ModelNames.Recommendation,
            Version = Recommender.BaselineVersion,
            Algorithm = "time-decayed popularity blended with session co-interaction and category affinity (live, no training)",
        };
    }

    private ModelStatus SentimentStatus()
    {
        if (sentimentScorer.OnnxVersion is { } onnx)
            return new ModelStatus { Model = ModelNames.Sentiment, Version = onnx, Algorithm = "transformer (ONNX Runtime, BERT WordPiece) from Engine:Sentiment:OnnxModelPath" };
        return StatusOf(sentiment, SentimentTraining.Algorithm);
    }

    /// <summary>The serving version of a trained model, or why there is none.</summary>
    private static ModelStatus StatusOf<TModel>(ModelStore<TModel> store, string algorithm)
        where TModel : class =>
        store.Current is { } model ? Status(store, model, algorithm) : NotTrained(store);

    /// <summary>No published version yet: says why (the latest run's note), so an operator knows what is missing.</summary>
    private static ModelStatus NotTrained<TModel>(ModelStore<TModel> store)
        where TModel : class
    {
        var latest = store.History().LastOrDefault();
        return new ModelStatus { Model = store.Model, Version = "none", Algorithm = latest is null ? "not trained yet" : latest.Note };
    }

    private static ModelStatus Status<TModel>(ModelStore<TModel> store, ServingModel<TModel> model, string algorithm)
        where TModel : class =>
        Describe(store.Model, model.VersionName, algorithm, model.Info);

    private static ModelStatus Describe(string model, string version, string algorithm, ModelVersionInfo run)
    {
        var status = new ModelStatus
        {
            Model = model,
            Version = version,
            Algorithm = algorithm,
            TrainedAt = Timestamp.FromDateTimeOffset(run.TrainedAt),
            TrainingSeconds = run.TrainingSeconds,
        };
        foreach (var (name, value) in run.Metrics) status.Metrics[name] = value;
        return status;
    }
}
