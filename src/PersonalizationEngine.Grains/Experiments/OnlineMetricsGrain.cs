using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Behaviour;

namespace PersonalizationEngine.Grains.Experiments;

[GenerateSerializer]
public sealed class OnlineMetricsState
{
    /// <summary>The counts per hour, model version and arm; the last <see cref="OnlineMetricsGrain.Retention"/> only.</summary>
    [Id(0)] public Dictionary<(DateTimeOffset Hour, ServedListTag Tag), OnlineCounts> Counts { get; set; } = [];
}

/// <summary>
/// The cluster's online metrics (<see cref="IOnlineMetricsGrain"/>), written after every batch: a silo sends
/// its counts a few times a second, so a crash loses at most what a silo had not sent yet.
/// </summary>
public sealed class OnlineMetricsGrain(
    [PersistentState("online-metrics", StorageNames.GrainState)] IPersistentState<OnlineMetricsState> state)
    : Grain, IOnlineMetricsGrain
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    public async Task AddAsync(IReadOnlyList<OnlineMetricRow> rows)
    {
        var counts = state.State.Counts;
        foreach (var row in rows) counts[(row.Hour, row.Tag)] = counts.GetValueOrDefault((row.Hour, row.Tag), OnlineCounts.None) + row.Counts;
        var oldest = rows.Max(r => r.Hour) - Retention;
        foreach (var expired in counts.Keys.Where(key => key.Hour < oldest).ToList()) counts.Remove(expired);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<OnlineMetricRow>> GetAsync(DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult<IReadOnlyList<OnlineMetricRow>>(state.State.Counts.Where(c => c.Key.Hour >= from && c.Key.Hour < to)
            .Select(c => new OnlineMetricRow(c.Key.Hour, c.Key.Tag, c.Value)).OrderBy(r => r.Hour).ToArray());
}
