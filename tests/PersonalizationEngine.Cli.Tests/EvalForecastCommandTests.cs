using System.Text.Json;
using PersonalizationEngine.Cli.Commands;

namespace PersonalizationEngine.Cli.Tests;

/// <summary>pe eval-forecast on small generated M4-format files: trending series, so trend models beat the naive forecast.</summary>
public sealed class EvalForecastCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pe-forecast-").FullName;

    private (string Train, string Test) WriteSeries()
    {
        var random = new Random(3);
        var train = new List<string> { "\"V1\",\"V2\"" };
        var test = new List<string> { "\"V1\",\"V2\"" };
        for (var s = 1; s <= 12; s++)
        {
            var slope = 0.5 + s * 0.1;
            var values = Enumerable.Range(0, 60 + s).Select(t => 100 + slope * t + random.NextDouble()).ToArray();
            train.Add(string.Join(",", values[..^6].Select(v => $"\"{v:F3}\"").Prepend($"\"W{s}\"")));
            test.Add(string.Join(",", values[^6..].Select(v => $"\"{v:F3}\"").Prepend($"\"W{s}\"")));
        }
        var trainPath = Path.Combine(_folder, "Weekly-train.csv");
        var testPath = Path.Combine(_folder, "Weekly-test.csv");
        File.WriteAllLines(trainPath, train);
        File.WriteAllLines(testPath, test);
        return (trainPath, testPath);
    }

    [Theory]
    [InlineData("test")]
    [InlineData("validation")]
    public async Task Scores_every_method_and_writes_json(string on)
    {
        var (train, test) = WriteSeries();
        var json = Path.Combine(_folder, "results.json");

        var exitCode = await EvalForecastCommand.RunAsync(new CommandLine(["eval-forecast", "m4", train, test, "--on", on, "--json", json]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var smape = report.RootElement.GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("method").GetString()!, r => r.GetProperty("smape").GetDouble());
        Assert.Equal(["naive", "ses", "holt", "damped", "ets", "comb", "global", "global+ets"], smape.Keys);
        Assert.True(smape["holt"] < smape["naive"], $"holt {smape["holt"]:F3} vs naive {smape["naive"]:F3}");
    }

    [Theory]
    [InlineData("--methods", "prophet", "methods: unknown prophet")]
    [InlineData("--on", "train", "on: expected test or validation")]
    [InlineData("--seasonality", "0", "--seasonality must be")]
    public async Task Bad_options_are_usage_errors(string option, string value, string message)
    {
        var (train, test) = WriteSeries();

        var error = await Assert.ThrowsAsync<UsageException>(() => EvalForecastCommand.RunAsync(new CommandLine(["eval-forecast", "m4", train, test, option, value]), Consoles.Quiet()));

        Assert.StartsWith(message, error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
