using PersonalizationEngine.Contracts.Experiments;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>
/// One for the cluster (key 0): what served recommendation lists earned, per hour, model version and
/// experiment arm. Silos send their counts in small batches; reads are cheap (a few hundred rows a day).
/// </summary>
public interface IOnlineMetricsGrain : IGrainWithIntegerKey
{
    Task AddAsync(IReadOnlyList<OnlineMetricRow> rows);

    /// <summary>The rows of the hours in [from, to).</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<OnlineMetricRow>> GetAsync(DateTimeOffset from, DateTimeOffset to);
}
