using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Demo;
using PersonalizationEngine.Projection;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Storage.Models;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Grains.Experiments;
using PersonalizationEngine.Training;
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

        // Kestrel and the silo need the values before the host is built, so validate them here too.
        var options = configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        var result = new EngineOptionsValidator().Validate(null, options);
        if (result.Failed) throw new OptionsValidationException(EngineOptions.Section, typeof(EngineOptions), result.Failures);
        // The shared log's projecting silo counts a delivery durable when it returns: grains must write through.
        if (options.SharedLog) services.PostConfigure<EngineGrainOptions>(grains => grains.StateWriteDelay = TimeSpan.Zero);
        return options;
    }

    /// <summary>The event log (opened now, rebuilding the live catalog from it), the write path, the live catalog and offers.</summary>
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
        services.AddSingleton(sp => new QuietCompaction(options.CompactWhenQuiet, sp.GetRequiredService<ILogger<QuietCompaction>>()));
        services.AddSingleton<CustomerErasure>();
        services.AddSingleton<EventMapper>();
        services.AddSingleton<OfferPersonalizer>();
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
    public static IServiceCollection AddEngineBackgroundWork(this IServiceCollection services, EngineOptions options, IConfiguration configuration)
    {
        services.AddProjection(new ProjectionSettings(options.Postgres, options.DurableGrainStorage ? options.CheckpointPath : null));
        services.AddHostedService<DemoDataLoader>();
        services.AddHostedService<IdleCompaction>();
        services.AddModels(configuration, new ModelsSettings(options.DataFolder, options.Postgres));
        services.AddExperiments();
        return services;
    }

    /// <summary>Online metrics (counted per silo, sent to the cluster's grain) and the running experiment's assignment.</summary>
    private static IServiceCollection AddExperiments(this IServiceCollection services)
    {
        services.AddSingleton<OnlineMetricsRecorder>();
        services.AddHostedService<OnlineMetricsFlush>();
        services.AddSingleton<ServedListsOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<ServedListsOutbox>());
        services.AddSingleton<ExperimentAssignment>();
        services.AddHostedService(sp => sp.GetRequiredService<ExperimentAssignment>());
        return services;
    }
}
