using PersonalizationEngine.Storage.Checkpoints;
using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.Storage.GrainStorage;

namespace PersonalizationEngine.Projection;

/// <summary>
/// Once a second, advances the projection checkpoint to the tracker's watermark, after forcing the grain
/// storage to disk, so the checkpoint never claims state that a power loss could take back. With grain
/// state in Redis (no SQLite store) a write is done once Redis acknowledged it; how long it survives there
/// is Redis's own persistence setting (appendonly).
/// </summary>
public sealed class CheckpointService(EventProjectionTracker tracker, IProjectionCheckpoint checkpoint, ILogger<CheckpointService> logger,
    SqliteGrainStorage? storage = null)
    : BackgroundService
{
    private long _written = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await AdvanceAsync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await AdvanceAsync();
    }

    private async Task AdvanceAsync()
    {
        var watermark = tracker.Watermark;
        if (watermark <= _written) return;
        try
        {
            if (storage is not null) await storage.MakeDurableAsync();
            checkpoint.Write(watermark);
            tracker.CheckpointWritten(watermark);
            _written = watermark;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not advance the projection checkpoint to {Watermark}", watermark);
        }
    }
}
