using Microsoft.Extensions.Hosting;

namespace PersonalizationEngine.Serving;

/// <summary>
/// Sends what this silo collected four times a second, and once more when the silo stops, so what was collected
/// since the last tick goes too. The request path only collects; the sending costs it nothing.
/// </summary>
public abstract class PeriodicFlush : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Sends what was collected since the last call; never throws.</summary>
    protected abstract Task FlushAsync();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await FlushAsync();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync();
    }
}
