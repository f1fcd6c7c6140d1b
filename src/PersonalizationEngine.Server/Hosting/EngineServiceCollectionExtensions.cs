using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Demo;
using PersonalizationEngine.Projection;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Storage.Models;
using PersonalizationEngine.Server.Serving;
using PersonalizationEngine.Server.Training;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Forecasting;
using PersonalizationEngine.ML.Propensity;
using PersonalizationEngine.ML.Segmentation;
using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.Storage.EventLog;
using PersonalizationEngine.Storage.EventLog.Postgres;
using PersonalizationEngine.Storage.GrainStorage;

namespace PersonalizationEngine.Server.Hosting;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Binds and validates the engine's options; a bad setting stops start-up with a clear message.</summary>
    public static EngineOptions AddEngineOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>();
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.Section)).ValidateOnStart();
        services.AddOptions<EngineGrainOptions>().Bind(configuration.GetSection(EngineGrainOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TrainingOptions>().Bind(configuration.GetSection(TrainingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PropensityServingOptions>().Bind(configuration.GetSection(PropensityServingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SentimentServingOptions>().Bind(configuration.GetSection(SentimentServingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForecastServingOptions>().Bind(configuration.GetSection(ForecastServingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SegmentServingOptions>().Bind(configuration.GetSection(SegmentServingOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.MinSegments <= o.MaxSegments, "Engine:Segments:MinSegments must not be above MaxSegments").ValidateOnStart();

        // Kestrel and the silo need the values before the host is built, so validate them here too.
        var options = configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        var result = new EngineOptionsValidator().Validate(null, options);
        if (result.Failed) throw new OptionsValidationException(EngineOptions.Section, typeof(EngineOptions), result.Failures);
        // The shared log's projecting silo counts a delivery durable when it returns: grains must write through.
        if (options.SharedLog) services.PostConfigure<EngineGrainOptions>(grains => grains.StateWriteDelay = TimeSpan.Zero);
        return options;
    }

    /// <summary>The event log (opened now, rebuilding the live catalog from it), the write path and the demo loader.</summary>
    public static IServiceCollection AddEngineIngestion(this IServiceCollection services, EngineOptions options)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<LiveCatalog>();
        services.AddSingleton<LiveOffers>();
        services.AddSingleton<IEventLog>(sp =>
        {
            var catalog = sp.GetRequiredService<LiveCatalog>();
            var offers = sp.GetRequiredService<LiveOffers>();
            Action<LogRecord> rebuildCatalog = record => EventIngestion.ApplyToCatalog(record, catalog, offers);
            return options.SharedLog
                ? PostgresEventLog.Open(options.Postgres, rebuildCatalog, sp.GetRequiredService<ILogger<PostgresEventLog>>())
                : FileEventLog.Open(new EventLogOptions(options.EventLogFolder, DeduplicationWindow: options.DeduplicationWindow),
                    rebuildCatalog, sp.GetRequiredService<ILogger<FileEventLog>>());
        });
        services.AddSingleton<IngestionBackpressure>();
        services.AddSingleton<EventIngestion>();
        services.AddSingleton<ICommitFollower>(sp => sp.GetRequiredService<EventIngestion>());
        services.AddSingleton<EngineMetrics>();
        services.AddSingleton<CustomerErasure>();
        services.AddSingleton<EventMapper>();
        services.AddSingleton<Recommender>();
        services.AddSingleton<ColdStartProducts>();
        services.AddSingleton<PropensityScorer>();
        services.AddSingleton<OfferPersonalizer>();
        services.AddModel(ModelNames.Recommendation, options, new ModelCodec<ItemFactorSnapshot>("als", ItemFactorSnapshot.Load, (model, stream) => model.Save(stream)));
        services.AddModel(ModelNames.Propensity, options, new ModelCodec<PropensityPredictor>("propensity", PropensityPredictor.Load, (model, stream) => model.Save(stream)));
        services.AddSingleton<TrainingScheduler>();
        services.AddSingleton<IModelTraining, RecommendationTraining>();
        services.AddModel(ModelNames.Sentiment, options, new ModelCodec<SentimentModel>("sentiment", SentimentModel.Load, (model, stream) => model.Save(stream)));
        services.AddSingleton<IModelTraining, PropensityTraining>();
        services.AddSingleton<IModelTraining, SentimentTraining>();
        services.AddModel(ModelNames.Forecast, options, new ModelCodec<DemandForecastModel>("forecast", DemandForecastModel.Load, (model, stream) => model.Save(stream)));
        services.AddSingleton<IModelTraining, ForecastTraining>();
        services.AddModel(ModelNames.Segments, options, new ModelCodec<SegmentModel>("segments", SegmentModel.Load, (model, stream) => model.Save(stream)));
        services.AddSingleton<IModelTraining, SegmentTraining>();
        services.AddSingleton<CustomerSegments>();
        services.AddSingleton<SentimentScorer>();
        services.AddSingleton<IReviewScorer>(sp => sp.GetRequiredService<SentimentScorer>());
        if (options.SqliteGrainStorage)
        {
            services.AddSingleton(sp => new SqliteGrainStorage(options.GrainDatabasePath,
                new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>())));
        }
        return services;
    }

    /// <summary>
    /// Hosted services that need the running silo. Registered after the silo, so they start after it (and
    /// stop before it); the replay starts before the gRPC endpoints accept traffic.
    /// </summary>
    public static IServiceCollection AddEngineBackgroundWork(this IServiceCollection services, EngineOptions options)
    {
        services.AddProjection(new ProjectionSettings(options.Postgres, options.DurableGrainStorage ? options.CheckpointPath : null));
        services.AddHostedService<DemoDataLoader>();
        services.AddHostedService<TrainerStartupService>();
        services.AddHostedService<ModelReplicaService<ItemFactorSnapshot>>();
        services.AddHostedService<ModelReplicaService<PropensityPredictor>>();
        services.AddHostedService<ModelReplicaService<SentimentModel>>();
        services.AddHostedService<ModelReplicaService<DemandForecastModel>>();
        services.AddHostedService<ModelReplicaService<SegmentModel>>();
        return services;
    }

    /// <summary>
    /// A model's store, read by serving and written by training and its replica: its runs in its folder under
    /// data/models, or with the shared log in PostgreSQL.
    /// </summary>
    private static void AddModel<TModel>(this IServiceCollection services, string model, EngineOptions options, ModelCodec<TModel> codec)
        where TModel : class
    {
        services.AddSingleton<IServingModel>(sp => sp.GetRequiredService<ModelStore<TModel>>());
        services.AddSingleton(sp =>
        {
            IModelArchive archive = options.SharedLog
                ? new PostgresModelArchive(model, options.Postgres)
                : new FolderModelArchive(options.ModelFolderOf(model));
            return new ModelStore<TModel>(model, archive, codec, sp.GetRequiredService<ILogger<ModelStore<TModel>>>());
        });
    }
}
