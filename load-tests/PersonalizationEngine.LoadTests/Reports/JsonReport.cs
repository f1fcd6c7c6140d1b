using System.Text.Json;

namespace PersonalizationEngine.LoadTests;

/// <summary>The report as JSON, for scripts and for comparing runs.</summary>
public static class JsonReport
{
    public static string Write(LoadReport report, IReadOnlyList<string> breaches) => JsonSerializer.Serialize(new
    {
        scenario = report.Scenario,
        load = report.Load,
        server = report.Server,
        warmupSeconds = report.Warmup.TotalSeconds,
        durationSeconds = report.Duration.TotalSeconds,
        operations = report.Operations.ToDictionary(o => o.Name, o => new
        {
            calls = o.Result.Requests,
            ok = o.Result.Ok,
            failed = o.Result.Failed,
            outcomes = o.Result.Outcomes,
            callsPerSecond = report.Throughput(o.Result),
            itemsPerSecond = report.ItemThroughput(o.Result),
            latencyMs = o.Result.Summary().ToDictionary(s => s.Name, s => s.Ms),
        }),
        sendLagMs = new { p50 = report.SendLag.LatencyMs(50), p99 = report.SendLag.LatencyMs(99) },
        breaches,
    }, new JsonSerializerOptions { WriteIndented = true });
}
