using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Behaviour;

namespace PersonalizationEngine.Grains.Experiments;

[GenerateSerializer]
public sealed class OnlineMetricsState
{
    /// <summary>One row per hour, model version and arm; the last <see cref="OnlineMetricsGrain.Retention"/> only.</summary>
    [Id(0)] public List<OnlineMetricRow> Rows { get; set; } = [];
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

    private Dictionary<(DateTimeOffset Hour, ServedListTag Tag), int>? _index;

    public async Task AddAsync(IReadOnlyList<OnlineMetricRow> rows)
    {
        var index = Index();
        var kept = state.State.Rows;
        foreach (var row in rows)
        {
            if (index.TryGetValue((row.Hour, row.Tag), out var at)) kept[at] = kept[at] with { Counts = kept[at].Counts + row.Counts };
            else
            {
                index[(row.Hour, row.Tag)] = kept.Count;
                kept.Add(row);
            }
        }
        var oldest = rows.Max(r => r.Hour) - Retention;
        if (kept.Exists(r => r.Hour < oldest))
        {
            kept.RemoveAll(r => r.Hour < oldest);
            _index = null;
        }
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<OnlineMetricRow>> GetAsync(DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult<IReadOnlyList<OnlineMetricRow>>(state.State.Rows.Where(r => r.Hour >= from && r.Hour < to).OrderBy(r => r.Hour).ToArray());

    private Dictionary<(DateTimeOffset Hour, ServedListTag Tag), int> Index() =>
        _index ??= state.State.Rows.Select((row, i) => (row, i)).ToDictionary(x => (x.row.Hour, x.row.Tag), x => x.i);
}
