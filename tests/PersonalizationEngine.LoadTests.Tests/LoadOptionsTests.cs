namespace PersonalizationEngine.LoadTests.Tests;

public sealed class LoadOptionsTests
{
    [Fact]
    public void Defaults_are_an_open_load_where_every_call_must_succeed()
    {
        var options = LoadOptions.Parse(["recommend"]);

        Assert.Equal(("recommend", 200.0, null), (options.Scenario.Name, options.Rate, options.Callers));
        Assert.Equal("http://127.0.0.1:5000", options.Server);
        Assert.Equal([new Threshold("*", "failed", true, 0)], options.Thresholds);
    }

    [Fact]
    public void Takes_the_api_key_of_an_engine_that_wants_one()
    {
        Assert.Equal("k-0123456789abcdef", LoadOptions.Parse(["recommend", "--api-key", "k-0123456789abcdef"]).ApiKey);
    }

    [Fact]
    public void Reads_a_closed_load_with_thresholds_and_a_started_server()
    {
        var options = LoadOptions.Parse([
            "track-stream", "--callers", "4", "--start-server", "--events", "5000", "--set", "Engine:Training:CheckInterval=00:00:05",
            "--threshold", "TrackStream:items/s>=50000", "--threshold", "*:error-rate<=0.01", "--p99-ms", "20", "--batch", "1000", "--duration", "2.5"]);

        Assert.Equal((null, 4), (options.Rate, options.Callers));
        Assert.True(options.StartServer);
        Assert.Equal((5_000, 1_000), (options.Events, options.Settings.Batch));
        Assert.Equal(["Engine:Training:CheckInterval=00:00:05"], options.EngineSettings);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.Duration);
        // The command line limits failures itself, so no default failure threshold is added.
        Assert.Equal(["TrackStream:items/s>=50000", "*:error-rate<=0.01", "*:p99<=20"], options.Thresholds.Select(t => t.ToString()));
    }

    [Theory]
    [InlineData(new string[0], "name a scenario first")]
    [InlineData(new[] { "nosuch" }, "unknown scenario 'nosuch'")]
    [InlineData(new[] { "recommend", "--rate", "10", "--callers", "2" }, "--rate and --callers")]
    [InlineData(new[] { "recommend", "--rate", "fast" }, "--rate: 'fast' is not a number")]
    [InlineData(new[] { "recommend", "--rate", "0" }, "--rate: '0' is not a number from")]
    [InlineData(new[] { "recommend", "--callers", "2.5" }, "--callers: '2.5' is not a whole number")]
    [InlineData(new[] { "recommend", "--colour", "red" }, "unknown option --colour")]
    [InlineData(new[] { "recommend", "--duration" }, "--duration: needs a value")]
    [InlineData(new[] { "recommend", "--duration", "5", "--duration", "6" }, "--duration given twice")]
    [InlineData(new[] { "recommend", "--events", "10" }, "--events: only with --start-server")]
    [InlineData(new[] { "recommend", "--server", "localhost:5000" }, "--server: 'localhost:5000' is not an http(s) address")]
    [InlineData(new[] { "recommend", "--start-server", "--set", "NoEquals" }, "--set 'NoEquals': expected KEY=VALUE")]
    [InlineData(new[] { "recommend", "stray" }, "unexpected 'stray'")]
    public void Bad_arguments_are_refused_with_a_message_naming_the_option(string[] args, string message) =>
        Assert.Contains(message, Assert.Throws<UsageException>(() => LoadOptions.Parse(args)).Message);
}
