using Microsoft.Extensions.Options;
using PersonalizationEngine.Server.Configuration;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// Starts after the silo: forwards new commits, and has the projection feed replay the events after the
/// projection checkpoint from the log first (the grains skip what they already hold), so every grain
/// receives its events in log order. With the shared log the projection starts only on the silo that
/// holds the projection lease (<see cref="ProjectionLease"/>).
/// </summary>
public sealed class EventReplayService(EventIngestion ingestion, IProjectionCheckpoint checkpoint, ProjectionFeed feed, IOptions<EngineOptions> options)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ingestion.StartForwarding();
        if (!options.Value.SharedLog) feed.Start(checkpoint.Read());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
