using PersonalizationEngine.Grains;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>Looks every <see cref="QuietCompaction.IdleCheckInterval"/> whether the engine has gone quiet, and compacts if so.</summary>
public sealed class IdleCompaction(QuietCompaction compaction) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(QuietCompaction.IdleCheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken)) compaction.WhenIdle(QuietCompaction.IdleCheckInterval);
    }
}
