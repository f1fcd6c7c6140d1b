using HdrHistogram;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// What one operation measured after warm-up: calls by outcome (gRPC status), the items they carried
/// (events for ingestion, 1 otherwise) and the latency distribution in microseconds (HdrHistogram, 3
/// significant digits, up to 5 minutes). Thread-safe: senders record concurrently.
/// </summary>
public sealed class LoadResult
{
    public const string OkOutcome = "OK";
    public static readonly IReadOnlyList<double> Percentiles = [50, 75, 95, 99, 99.9];
    private readonly LongHistogram _latency = new(TimeSpan.FromMinutes(5).Ticks / 10, 3);
    private readonly Dictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _items;

    public void Record(TimeSpan latency, string outcome, int items = 1)
    {
        // Beyond the histogram's range a value would throw; cap it (the max then reads as 5 minutes).
        var microseconds = Math.Clamp(latency.Ticks / 10, 1, _latency.HighestTrackableValue);
        lock (_lock)
        {
            _latency.RecordValue(microseconds);
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
            if (outcome == OkOutcome) _items += items;
        }
    }

    public long Requests => _latency.TotalCount;

    public long Ok => _outcomes.GetValueOrDefault(OkOutcome);

    public long Failed => Requests - Ok;

    /// <summary>Items carried by successful calls (events acknowledged, for ingestion).</summary>
    public long Items => _items;

    public IReadOnlyDictionary<string, long> Outcomes
    {
        get { lock (_lock) return new Dictionary<string, long>(_outcomes); }
    }

    /// <summary>Latency at a percentile (0–100), in milliseconds; 0 when nothing was recorded.</summary>
    public double LatencyMs(double percentile) => Requests == 0 ? 0 : _latency.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Requests == 0 ? 0 : _latency.GetMaxValue() / 1000.0;

    /// <summary>The named percentiles and the maximum, in milliseconds.</summary>
    public IEnumerable<(string Name, double Ms)> Summary() =>
        Percentiles.Select(p => (PercentileName(p), LatencyMs(p))).Append(("max", MaxMs));

    /// <summary>(percentile, latency ms) points from p0 to p99.99…, for a latency-by-percentile plot.</summary>
    public IReadOnlyList<(double Percentile, double Ms)> Distribution()
    {
        if (Requests == 0) return [];
        return _latency.Percentiles(5).Select(v => (v.Percentile, v.ValueIteratedTo / 1000.0)).Where(v => v.Percentile < 100).ToList();
    }

    public static string PercentileName(double percentile) => $"p{percentile:0.#}";
}
