using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// Starts after the silo: publishes the events after the projection checkpoint again (the grains skip
/// what they already hold), then starts forwarding new commits, so every stream stays in log order.
/// </summary>
public sealed class EventReplayService(EventIngestion ingestion, ProjectionCheckpoint checkpoint, StreamPublisher publisher, ILogger<EventReplayService> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var from = checkpoint.Read();
        var replayed = 0;
        foreach (var record in ingestion.Log.ReadAfter(from))
        {
            if (record is not EventRecord { Event: var e }) continue;
            publisher.Enqueue(e);
            replayed++;
        }
        ingestion.StartForwarding();
        logger.LogInformation("Replaying {Count} events after log position {Position} to the grains", replayed, from);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
