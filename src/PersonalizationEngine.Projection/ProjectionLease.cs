using PersonalizationEngine.Storage.Checkpoints;

namespace PersonalizationEngine.Projection;

/// <summary>
/// With the shared log, one silo at a time projects it to the grains: the one holding the
/// <see cref="PostgresProjectionLock"/>. The others try for it every second; when the holder dies its
/// connection drops, PostgreSQL releases the lock, and the next silo resumes from the shared checkpoint
/// (grains skip the events they already hold, so an overlap is harmless). A holder that loses its
/// connection stops the engine rather than project alongside the silo that took over.
/// </summary>
public sealed class ProjectionLease(
    ProjectionSettings settings, ProjectionFeed feed, IProjectionCheckpoint checkpoint, IHostApplicationLifetime lifetime, ILogger<ProjectionLease> logger)
    : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>Whether this silo projects the log now.</summary>
    public bool Held { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var lease = new PostgresProjectionLock(settings.Postgres);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!Held && await lease.TryAcquireAsync(stoppingToken)) StartProjecting();
                    else await lease.CheckAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    if (Held)
                    {
                        logger.LogCritical(ex, "Lost the projection lease (the connection to PostgreSQL broke); stopping so another silo projects alone");
                        lifetime.StopApplication();
                        return;
                    }
                    logger.LogWarning(ex, "Could not ask PostgreSQL for the projection lease; retrying");
                }
                await Task.Delay(Period, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void StartProjecting()
    {
        Held = true;
        var after = checkpoint.Read();
        logger.LogInformation("This silo holds the projection lease: projecting the shared log from position {Position}", after);
        feed.Start(after);
    }
}
