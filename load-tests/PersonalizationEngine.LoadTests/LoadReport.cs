using System.Collections.Concurrent;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// Everything one run measured, by operation (e.g. "Recommend", "Track", "freshness"), plus how late the
/// generator itself sent requests in the open model (already part of their latency).
/// </summary>
public sealed class LoadReport(string scenario, string load, TimeSpan warmup, TimeSpan duration, string server)
{
    private readonly ConcurrentDictionary<string, LoadResult> _operations = new(StringComparer.Ordinal);

    public string Scenario { get; } = scenario;
    public string Load { get; } = load;
    public TimeSpan Warmup { get; } = warmup;
    public TimeSpan Duration { get; } = duration;
    public string Server { get; } = server;

    /// <summary>Open model only: intended send time to actual send time.</summary>
    public LoadResult SendLag { get; } = new();

    public LoadResult Operation(string name) => _operations.GetOrAdd(name, _ => new LoadResult());

    public IReadOnlyList<(string Name, LoadResult Result)> Operations =>
        _operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => (o.Key, o.Value)).ToList();

    public long Failed => _operations.Values.Sum(r => r.Failed);

    public double Throughput(LoadResult result) => result.Requests / Duration.TotalSeconds;

    public double ItemThroughput(LoadResult result) => result.Items / Duration.TotalSeconds;
}
