using Microsoft.Extensions.Logging;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Experiments;

namespace PersonalizationEngine.Serving;

/// <summary>
/// Sends this silo's online counts (<see cref="OnlineMetricsRecorder"/>) to the cluster's online metrics grain four
/// times a second, so an attributed click is in GetOnlineMetrics well within a second; what fails to go is
/// counted again with the next batch.
/// </summary>
public sealed class OnlineMetricsFlush(IGrainFactory grains, OnlineMetricsRecorder recorder, ILogger<OnlineMetricsFlush> logger) : PeriodicFlush
{
    protected override async Task FlushAsync()
    {
        var rows = recorder.Take();
        if (rows.Count == 0) return;
        try
        {
            await grains.GetGrain<IOnlineMetricsGrain>(0).AddAsync(rows);
        }
        catch (Exception ex)
        {
            recorder.Restore(rows);
            logger.LogWarning(ex, "Could not send {Rows} rows of online metrics; they go with the next batch", rows.Count);
        }
    }
}
