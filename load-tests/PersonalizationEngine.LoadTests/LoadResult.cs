using HdrHistogram;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// What one run measured after warm-up: requests by outcome (gRPC status) and the latency distribution
/// in microseconds (HdrHistogram, 3 significant digits). Thread-safe: senders record concurrently.
/// </summary>
public sealed class LoadResult
{
    private static readonly double[] Percentiles = [50, 75, 95, 99, 99.9];
    private readonly LongHistogram _latency = new(TimeSpan.FromMinutes(5).Ticks / 10, 3);
    private readonly LongHistogram _sendLag = new(TimeSpan.FromMinutes(5).Ticks / 10, 3);
    private readonly Dictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Record(TimeSpan latency, string outcome)
    {
        lock (_lock)
        {
            _latency.RecordValue(Math.Max(1, latency.Ticks / 10));
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
        }
    }

    /// <summary>Open model: how late the generator sent a request after its intended time (part of its latency).</summary>
    public void RecordSendLag(TimeSpan lag)
    {
        lock (_lock) _sendLag.RecordValue(Math.Max(0, lag.Ticks / 10));
    }

    /// <summary>Send lag at a percentile, in milliseconds; 0 when none was recorded (closed model).</summary>
    public double SendLagMs(double percentile) => _sendLag.TotalCount == 0 ? 0 : _sendLag.GetValueAtPercentile(percentile) / 1000.0;

    public long Requests => _latency.TotalCount;

    public long Ok => _outcomes.GetValueOrDefault("OK");

    public long Failed => Requests - Ok;

    public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

    /// <summary>Latency at a percentile (0–100), in milliseconds.</summary>
    public double LatencyMs(double percentile) => _latency.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => _latency.GetMaxValue() / 1000.0;

    public IEnumerable<(string Name, double Ms)> Summary() =>
        Percentiles.Select(p => ($"p{p:0.#}", LatencyMs(p))).Append(("max", MaxMs));
}
