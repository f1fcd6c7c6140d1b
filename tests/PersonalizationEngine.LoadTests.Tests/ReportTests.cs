using System.Text.Json;

namespace PersonalizationEngine.LoadTests.Tests;

public sealed class ReportTests
{
    private static LoadReport Report()
    {
        var report = new LoadReport("recommend", "open, 50 steps/s", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), "http://127.0.0.1:5000");
        for (var ms = 1; ms <= 10; ms++) report.Operation("Recommend").Record(TimeSpan.FromMilliseconds(ms), LoadResult.OkOutcome);
        report.Operation("Recommend").Record(TimeSpan.FromMilliseconds(3), "Unavailable");
        return report;
    }

    [Fact]
    public void Markdown_has_a_row_per_operation_with_failures_by_status_and_the_breaches()
    {
        var markdown = TextReport.Markdown(Report(), ["Recommend:failed = 1, limit <= 0"]);

        Assert.Contains("| operation | calls | ok | failed | calls/s | items/s | p50 ms | p75 ms | p95 ms | p99 ms | p99.9 ms | max ms |", markdown);
        Assert.Contains("| Recommend | 11 | 10 | 1 (Unavailable 1) | 5.5 | 5 |", markdown);
        Assert.Contains("THRESHOLDS BREACHED: Recommend:failed = 1, limit <= 0", markdown);
    }

    [Fact]
    public void Json_carries_the_numbers()
    {
        using var json = JsonDocument.Parse(JsonReport.Write(Report(), []));
        var recommend = json.RootElement.GetProperty("operations").GetProperty("Recommend");

        Assert.Equal(11, recommend.GetProperty("calls").GetInt64());
        Assert.Equal(1, recommend.GetProperty("outcomes").GetProperty("Unavailable").GetInt64());
        Assert.Equal(10, recommend.GetProperty("latencyMs").GetProperty("max").GetDouble(), 0.01);
        Assert.Equal(0, json.RootElement.GetProperty("breaches").GetArrayLength());
    }

    [Fact]
    public void The_chart_is_written_as_a_png()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pe-load-{Guid.NewGuid():N}.png");
        try
        {
            LatencyChart.Save(path, Report());
            var bytes = File.ReadAllBytes(path);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
