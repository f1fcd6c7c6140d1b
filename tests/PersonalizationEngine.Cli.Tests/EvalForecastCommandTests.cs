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

        var exitCode = await EvalForecastCommand.RunAsync(new CommandLine(["eval-forecast", "m4", train, test, "--on", on, "--trees", "10", "--json", json]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var smape = report.RootElement.GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("method").GetString()!, r => r.GetProperty("smape").GetDouble());
        Assert.Equal(["naive", "snaive", "ses", "holt", "damped", "ets", "comb", "hw", "hw+yearly", "theta", "otm", "hw+theta", "mstl", "tsb", "auto", "global", "global+ets", "auto+global"], smape.Keys);
        Assert.Equal("weekly", report.RootElement.GetProperty("frequency").GetString()); // from the ids W1, W2, ...
        Assert.Equal("52", report.RootElement.GetProperty("periods").GetString());
        Assert.True(smape["holt"] < smape["naive"], $"holt {smape["holt"]:F3} vs naive {smape["naive"]:F3}");
    }

    [Fact]
    public async Task Scores_the_best_sellers_of_a_retail_file_against_the_seasonal_naive_forecast()
    {
        var random = new Random(4);
        var lines = new List<string> { "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country" };
        var start = new DateTime(2011, 1, 3);
        for (var day = 0; day < 120; day++)
        {
            if (day % 7 == 5) continue; // closed on Saturdays
            for (var product = 0; product < 4; product++)
            {
                var units = 10 + product * 5 + day % 7 * 2 + random.Next(3);
                lines.Add($"{day}{product},P{product},item,{units},{start.AddDays(day):yyyy-MM-dd} 10:00:00,1.5,{12000 + product},United Kingdom");
            }
        }
        var file = Path.Combine(_folder, "retail.csv");
        File.WriteAllLines(file, lines);
        var json = Path.Combine(_folder, "retail.json");

        var exitCode = await EvalForecastCommand.RunAsync(new CommandLine(["eval-forecast", "retail", file, "--top", "3", "--horizon", "14",
            "--methods", "snaive,hw", "--json", json]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var results = report.RootElement.GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("method").GetString()!, r => (Series: r.GetProperty("series").GetInt32(), Mase: r.GetProperty("mase").GetDouble()));
        Assert.Equal(3, results["hw"].Series);
        Assert.True(results["hw"].Mase < results["snaive"].Mase, $"hw {results["hw"].Mase:F3} vs snaive {results["snaive"].Mase:F3}");
    }

    [Fact]
    public async Task Scores_the_shops_hourly_units_with_the_day_and_the_week_as_seasons()
    {
        // Six weeks of invoices: busy mornings, quiet afternoons, closed at night and on Saturdays, busier on Thursdays.
        var random = new Random(6);
        var lines = new List<string> { "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country" };
        var start = new DateTime(2011, 1, 3);
        for (var hour = 0; hour < 6 * 168; hour++)
        {
            var at = start.AddHours(hour);
            if (at.Hour is < 8 or > 17 || at.DayOfWeek == DayOfWeek.Saturday) continue;
            var units = (at.Hour < 12 ? 20 : 8) * (at.DayOfWeek == DayOfWeek.Thursday ? 2 : 1) + random.Next(4);
            lines.Add($"{hour},P{hour % 3},item,{units},{at:yyyy-MM-dd HH}:15:00,1.5,12000,United Kingdom");
        }
        var file = Path.Combine(_folder, "hourly.csv");
        File.WriteAllLines(file, lines);
        var json = Path.Combine(_folder, "hourly.json");

        var exitCode = await EvalForecastCommand.RunAsync(new CommandLine(["eval-forecast", "retail", file, "--frequency", "hourly", "--top", "0",
            "--horizon", "168", "--methods", "snaive,auto", "--json", json]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal("24+168", report.RootElement.GetProperty("periods").GetString());
        Assert.Equal(24, report.RootElement.GetProperty("seasonality").GetInt32());
        var mase = report.RootElement.GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("method").GetString()!, r => r.GetProperty("mase").GetDouble());
        Assert.True(mase["auto"] < mase["snaive"], $"auto {mase["auto"]:F3} vs 24-hour seasonal naive {mase["snaive"]:F3}");
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
