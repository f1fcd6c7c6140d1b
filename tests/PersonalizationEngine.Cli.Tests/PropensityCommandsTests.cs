using System.Globalization;
using System.Text.Json;
using PersonalizationEngine.Cli.Commands;
using PersonalizationEngine.ML.Propensity;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Tests;

/// <summary>pe eval-propensity on a small generated Online Retail file, and pe simulate-offers.</summary>
public sealed class PropensityCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pe-propensity-").FullName;

    /// <summary>Customers ordering at one of three rates, mostly their favourite of 20 products.</summary>
    private string WriteRetailFile()
    {
        var random = new Random(11);
        var start = new DateTime(2011, 1, 1, 9, 0, 0);
        var lines = new List<string> { "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country" };
        var invoice = 500_000;
        for (var customer = 0; customer < 300; customer++)
        {
            var weeklyRate = new[] { 0.1, 0.4, 1.2 }[customer % 3];
            for (var day = 0.0; day < 200; day += -Math.Log(1 - random.NextDouble()) * 7 / weeklyRate)
            {
                var product = random.NextDouble() < 0.7 ? customer % 20 : random.Next(20);
                var date = start.AddDays(day).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                lines.Add($"{invoice++},S{product},\"ITEM {product}, BOXED\",{1 + random.Next(5)},{date},{2.5 + product},{12000 + customer},United Kingdom");
            }
        }
        var path = Path.Combine(_folder, "retail.csv");
        File.WriteAllLines(path, lines);
        return path;
    }


    [Fact]
    public async Task Eval_propensity_reports_both_models_and_baselines_and_draws_the_reliability_plot()
    {
        var json = Path.Combine(_folder, "propensity.json");
        var chart = Path.Combine(_folder, "reliability.png");

        var exitCode = await EvalPropensityCommand.RunAsync(new CommandLine(
            ["eval-propensity", "retail", WriteRetailFile(), "--windows", "2", "--trees", "30", "--taste", "off", "--json", json, "--chart", chart]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(new PropensityOptions().MaxPairsPerWindow, report.RootElement.GetProperty("options").GetProperty("maxPairsPerWindow").GetInt32());
        var evaluation = report.RootElement.GetProperty("evaluation");
        foreach (var model in new[] { "propensity", "propensityBaseline", "churn", "churnBaseline" })
        {
            var auc = evaluation.GetProperty(model).GetProperty("auc").GetDouble();
            Assert.True(auc > 0.6, $"{model}: AUC {auc:F3}");
        }
        Assert.NotEmpty(evaluation.GetProperty("propensity").GetProperty("calibration").EnumerateArray());
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await File.ReadAllBytesAsync(chart))[..4]);
    }

    [Fact]
    public async Task Simulate_offers_puts_Thompson_sampling_ahead_of_random()
    {
        var json = Path.Combine(_folder, "offers.json");

        var exitCode = await SimulateOffersCommand.RunAsync(new CommandLine(["simulate-offers", "--impressions", "20000", "--json", json]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var shares = report.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("policy").GetString()!, r => r.GetProperty("shareOfOracle").GetDouble());
        Assert.True(shares["ThompsonSampling"] > shares["UniformRandom"] + 0.05, string.Join(", ", shares));
    }

    [Theory]
    [InlineData("--taste", "maybe", "--taste")]
    [InlineData("--on", "future", "--on")]
    [InlineData("--horizon", "0", "--horizon")]
    [InlineData("--windows", "12", "--windows")]
    [InlineData("--max-pairs", "10", "--max-pairs")]
    public async Task Bad_arguments_are_usage_errors_naming_the_option(string option, string value, string named)
    {
        var error = await Assert.ThrowsAsync<UsageException>(() =>
            EvalPropensityCommand.RunAsync(new CommandLine(["eval-propensity", "retail", WriteRetailFile(), option, value]), Consoles.Quiet()));

        Assert.Contains(named, error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
