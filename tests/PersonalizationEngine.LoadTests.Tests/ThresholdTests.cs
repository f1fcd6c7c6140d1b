namespace PersonalizationEngine.LoadTests.Tests;

public sealed class ThresholdTests
{
    private static LoadReport Report()
    {
        var report = new LoadReport("mixed", "open, 10 steps/s", TimeSpan.Zero, TimeSpan.FromSeconds(10), "http://x");
        for (var ms = 1; ms <= 100; ms++) report.Operation("Recommend").Record(TimeSpan.FromMilliseconds(ms), LoadResult.OkOutcome);
        report.Operation("Track").Record(TimeSpan.FromMilliseconds(5), LoadResult.OkOutcome, items: 1_000);
        report.Operation("Track").Record(TimeSpan.FromMilliseconds(5), "Unavailable");
        return report;
    }

    [Fact]
    public void Parses_operation_metric_comparison_and_limit()
    {
        Assert.Equal(new Threshold("Recommend", "p99", true, 10), Threshold.Parse("Recommend:p99<=10"));
        Assert.Equal(new Threshold("TrackStream", "items/s", false, 50_000), Threshold.Parse("TrackStream:items/s>=50000"));
        Assert.Equal(new Threshold("*", "p99.9", true, 2.5), Threshold.Parse("*:p99.9<=2.5"));
    }

    [Theory]
    [InlineData("Recommend<=10", "expected OPERATION:METRIC")]
    [InlineData("Recommend:p42<=10", "unknown metric 'p42'")]
    [InlineData("Recommend:p99<=fast", "'fast' is not a number")]
    [InlineData("Recommend:p99=10", "expected OPERATION:METRIC")]
    public void Bad_thresholds_say_what_is_wrong(string text, string message) =>
        Assert.Contains(message, Assert.Throws<UsageException>(() => Threshold.Parse(text)).Message);

    [Fact]
    public void Latency_limits_hold_or_are_breached_per_operation()
    {
        var report = Report();

        Assert.Empty(Threshold.Parse("Recommend:p99<=100").Breaches(report));
        var breach = Assert.Single(Threshold.Parse("Recommend:p50<=20").Breaches(report));
        Assert.StartsWith("Recommend:p50 = 50", breach);
    }

    [Fact]
    public void Throughput_and_failure_limits()
    {
        var report = Report();

        // Track: 1,000 acknowledged items in 10 s = 100 items/s; one of its two calls failed.
        Assert.Empty(Threshold.Parse("Track:items/s>=100").Breaches(report));
        Assert.Single(Threshold.Parse("Track:items/s>=101").Breaches(report));
        Assert.Single(Threshold.Parse("Recommend:rps>=11").Breaches(report));
        Assert.Equal(["Track:failed = 1, limit <= 0"], Threshold.Parse("*:failed<=0").Breaches(report));
        Assert.Empty(Threshold.Parse("*:error-rate<=0.5").Breaches(report));
    }

    [Fact]
    public void A_limit_on_an_operation_that_never_ran_is_breached()
    {
        var breach = Assert.Single(Threshold.Parse("freshness:p99<=50").Breaches(Report()));
        Assert.Contains("no 'freshness' calls", breach);
    }
}
