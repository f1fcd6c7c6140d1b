using System.Globalization;

namespace PersonalizationEngine.LoadTests;

/// <summary>The report as rows of text cells (one per operation), shared by the console and markdown writers.</summary>
public static class ReportTable
{
    public static IReadOnlyList<string> Header { get; } =
        ["operation", "calls", "ok", "failed", "calls/s", "items/s", .. LoadResult.Percentiles.Select(p => LoadResult.PercentileName(p) + " ms"), "max ms"];

    public static IReadOnlyList<IReadOnlyList<string>> Rows(LoadReport report) =>
        report.Operations.Select(o => (IReadOnlyList<string>)
        [
            o.Name, N(o.Result.Requests), N(o.Result.Ok), Failures(o.Result),
            F(report.Throughput(o.Result), "0.0"), F(report.ItemThroughput(o.Result), "0"),
            .. o.Result.Summary().Select(s => F(s.Ms, "0.00")),
        ]).ToList();

    /// <summary>Failed calls with their gRPC statuses, e.g. "3 (Unavailable 2, DeadlineExceeded 1)".</summary>
    private static string Failures(LoadResult result)
    {
        var failures = result.Outcomes.Where(o => o.Key != LoadResult.OkOutcome).OrderByDescending(o => o.Value).ToList();
        return failures.Count == 0 ? "0" : $"{N(result.Failed)} ({string.Join(", ", failures.Select(f => $"{f.Key} {N(f.Value)}"))})";
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
