namespace PersonalizationEngine.LoadTests.Tests;

public sealed class LoadResultTests
{
    [Fact]
    public void Percentiles_of_a_known_distribution()
    {
        var result = new LoadResult();
        // 1, 2, ..., 1000 ms: the p-th percentile is p * 10 ms.
        for (var ms = 1; ms <= 1_000; ms++) result.Record(TimeSpan.FromMilliseconds(ms), LoadResult.OkOutcome);

        // HdrHistogram keeps 3 significant digits: within 0.1%.
        Assert.Equal(500, result.LatencyMs(50), 500 * 0.001);
        Assert.Equal(990, result.LatencyMs(99), 990 * 0.001);
        Assert.Equal(999, result.LatencyMs(99.9), 999 * 0.001);
        Assert.Equal(1_000, result.MaxMs, 1_000 * 0.001);
        Assert.Equal(["p50", "p75", "p95", "p99", "p99.9", "max"], result.Summary().Select(s => s.Name));
    }

    [Fact]
    public void Counts_outcomes_and_the_items_of_successful_calls_only()
    {
        var result = new LoadResult();
        result.Record(TimeSpan.FromMilliseconds(1), LoadResult.OkOutcome, items: 100);
        result.Record(TimeSpan.FromMilliseconds(2), LoadResult.OkOutcome, items: 50);
        result.Record(TimeSpan.FromMilliseconds(3), "Unavailable", items: 100);

        Assert.Equal((3, 2, 1, 150), (result.Requests, result.Ok, result.Failed, result.Items));
        Assert.Equal(1, result.Outcomes["Unavailable"]);
    }

    [Fact]
    public void An_empty_result_reads_zero_and_a_huge_latency_is_capped_not_thrown()
    {
        var result = new LoadResult();
        Assert.Equal((0, 0.0, 0.0), (result.Requests, result.LatencyMs(99), result.MaxMs));
        Assert.Empty(result.Distribution());

        result.Record(TimeSpan.FromHours(1), "DeadlineExceeded");
        Assert.Equal(1, result.Failed);
        Assert.True(result.MaxMs >= TimeSpan.FromMinutes(5).TotalMilliseconds * 0.999);
    }
}
