namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// Starts after the silo: forwards new commits, and has the projection feed replay the events after the
/// projection checkpoint from the log first (the grains skip what they already hold), so every grain
/// receives its events in log order.
/// </summary>
public sealed class EventReplayService(EventIngestion ingestion, ProjectionCheckpoint checkpoint, ProjectionFeed feed) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ingestion.StartForwarding();
        feed.Start(checkpoint.Read());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
