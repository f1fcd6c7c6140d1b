using System.Globalization;
using System.Text.RegularExpressions;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// A pass/fail limit on one measured number, written <c>OPERATION:METRIC&lt;=VALUE</c> or <c>&gt;=</c>, e.g.
/// <c>Recommend:p99&lt;=10</c> (milliseconds), <c>TrackStream:items/s&gt;=50000</c>, <c>*:failed&lt;=0</c>.
/// Metrics: p50, p75, p95, p99, p99.9 and max (ms), rps (calls/s), items/s, failed (calls), error-rate
/// (failed/calls). <c>*</c> applies it to every operation.
/// </summary>
public sealed partial record Threshold(string Operation, string Metric, bool AtMost, double Limit)
{
    public const string AnyOperation = "*";
    private static readonly string[] Metrics = ["p50", "p75", "p95", "p99", "p99.9", "max", "rps", "items/s", "failed", "error-rate"];

    public static Threshold Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
            throw new UsageException($"--threshold '{text}': expected OPERATION:METRIC<=VALUE or >=VALUE, e.g. Recommend:p99<=10");
        var metric = match.Groups["metric"].Value;
        if (!Metrics.Contains(metric))
            throw new UsageException($"--threshold '{text}': unknown metric '{metric}' (known: {string.Join(", ", Metrics)})");
        if (!double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit))
            throw new UsageException($"--threshold '{text}': '{match.Groups["value"].Value}' is not a number");
        return new Threshold(match.Groups["operation"].Value, metric, match.Groups["op"].Value == "<=", limit);
    }

    /// <summary>What is wrong with the report against this limit: one line per breaching operation; none when it holds.</summary>
    public IEnumerable<string> Breaches(LoadReport report)
    {
        var operations = Operation == AnyOperation ? report.Operations : report.Operations.Where(o => o.Name == Operation).ToList();
        if (operations.Count == 0)
        {
            // A limit on an operation that never ran cannot be said to hold.
            if (Operation != AnyOperation) yield return $"{this}: no '{Operation}' calls were recorded";
            yield break;
        }
        foreach (var (name, result) in operations)
        {
            var value = Measure(report, result);
            if (AtMost ? value > Limit : value < Limit)
                yield return $"{name}:{Metric} = {value.ToString("0.###", CultureInfo.InvariantCulture)}, limit {(AtMost ? "<=" : ">=")} {Limit.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    private double Measure(LoadReport report, LoadResult result) => Metric switch
    {
        "max" => result.MaxMs,
        "rps" => report.Throughput(result),
        "items/s" => report.ItemThroughput(result),
        "failed" => result.Failed,
        "error-rate" => result.Requests == 0 ? 0 : (double)result.Failed / result.Requests,
        _ => result.LatencyMs(double.Parse(Metric[1..], CultureInfo.InvariantCulture)),
    };

    public override string ToString() => $"{Operation}:{Metric}{(AtMost ? "<=" : ">=")}{Limit.ToString(CultureInfo.InvariantCulture)}";

    [GeneratedRegex(@"^(?<operation>[^:\s]+):(?<metric>[a-z0-9./-]+)\s*(?<op><=|>=)\s*(?<value>\S+)$")]
    private static partial Regex Pattern();
}
