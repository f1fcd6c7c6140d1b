using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.Storage.Checkpoints;

namespace PersonalizationEngine.Projection;

/// <summary>The projection's one entry point for a host.</summary>
public static class ProjectionServiceCollectionExtensions
{
    /// <summary>
    /// The projection from the log to the grains: its checkpoint, the tracker of what the grains stored, the
    /// publisher and the feed, and the hosted services that run it. Register it after the silo: its hosted
    /// services start after the silo (and stop before it), and the replay starts before the gRPC endpoints
    /// accept traffic.
    /// </summary>
    public static IServiceCollection AddProjection(this IServiceCollection services, ProjectionSettings settings)
    {
        services.AddSingleton(settings);
        if (settings.SharedLog)
        {
            services.AddSingleton<IProjectionCheckpoint>(new PostgresProjectionCheckpoint(settings.Postgres));
            services.AddSingleton<IEventProjectionProgress, DeliveryConfirmedByPublisher>();
        }
        else
        {
            services.AddSingleton<IProjectionCheckpoint>(new FileProjectionCheckpoint(settings.CheckpointPath));
            services.AddSingleton<IEventProjectionProgress>(sp => sp.GetRequiredService<EventProjectionTracker>());
        }
        services.AddSingleton(sp => new EventProjectionTracker(sp.GetRequiredService<IProjectionCheckpoint>().Read(), settings.Checkpointed));
        services.AddSingleton<GrainPublisher>();
        services.AddSingleton<IProjectionSink>(sp => sp.GetRequiredService<GrainPublisher>());
        services.AddSingleton<CustomersOwingLinks>();
        services.AddSingleton<ProjectionFeed>();
        services.AddSingleton<ProjectionProgress>();

        services.AddHostedService(sp => sp.GetRequiredService<GrainPublisher>());
        services.AddHostedService(sp => sp.GetRequiredService<ProjectionFeed>());
        services.AddHostedService<ProjectionStart>();
        if (settings.SharedLog)
        {
            services.AddSingleton<ProjectionLease>();
            services.AddHostedService(sp => sp.GetRequiredService<ProjectionLease>());
        }
        if (settings.Checkpointed) services.AddHostedService<CheckpointService>();
        services.AddHostedService<IdleCustomersLinks>();
        return services;
    }
}
