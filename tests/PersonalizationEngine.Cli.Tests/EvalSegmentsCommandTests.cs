using System.Text.Json;
using PersonalizationEngine.Cli.Commands;

namespace PersonalizationEngine.Cli.Tests;

/// <summary>pe eval-segments on a small generated retail file of big regular buyers and one-off small ones.</summary>
public sealed class EvalSegmentsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pe-segments-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Segments_the_customers_and_writes_the_report_and_the_chart()
    {
        var file = WriteRetailFile();
        var json = Path.Combine(_folder, "segments.json");
        var chart = Path.Combine(_folder, "segments.png");

        var exitCode = await EvalSegmentsCommand.RunAsync(new CommandLine(["eval-segments", "retail", file, "--taste", "off", "--json", json, "--chart", chart]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        Assert.True(new FileInfo(chart).Length > 1_000);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var evaluation = report.RootElement.GetProperty("evaluation");
        var profiles = evaluation.GetProperty("profiles").EnumerateArray().ToList();
        Assert.Equal(2, profiles.Count); // two planted groups: the silhouette picks k = 2
        Assert.Equal(80, profiles.Sum(p => p.GetProperty("customers").GetInt64()));
        Assert.True(evaluation.GetProperty("heldOutSilhouette").GetDouble() > 0.5);
    }

    [Fact]
    public async Task Bad_arguments_are_usage_errors()
    {
        var file = WriteRetailFile();

        await Assert.ThrowsAsync<UsageException>(() => EvalSegmentsCommand.RunAsync(new CommandLine(["eval-segments", "retail", file, "--min-k", "5", "--max-k", "3"]), Consoles.Quiet()));
        await Assert.ThrowsAsync<UsageException>(() => EvalSegmentsCommand.RunAsync(new CommandLine(["eval-segments", "retail", file, "--taste", "maybe"]), Consoles.Quiet()));
        await Assert.ThrowsAsync<UsageException>(() => EvalSegmentsCommand.RunAsync(new CommandLine(["eval-segments", "movielens", file]), Consoles.Quiet()));
    }

    /// <summary>40 customers buying 200–300 worth every week for 20 weeks; 40 buying once, 5–10 worth, early on.</summary>
    private string WriteRetailFile()
    {
        var random = new Random(8);
        var lines = new List<string> { "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country" };
        var start = new DateTime(2011, 1, 3);
        for (var c = 0; c < 40; c++)
        {
            for (var week = 0; week < 20; week++)
                lines.Add($"R{c}-{week},P{random.Next(5)},item,{20 + random.Next(10)},{start.AddDays(7 * week + c % 5):yyyy-MM-dd} 10:00:00,10,{13000 + c},United Kingdom");
            lines.Add($"O{c},P{random.Next(5)},item,{1 + random.Next(2)},{start.AddDays(c % 10):yyyy-MM-dd} 11:00:00,5,{14000 + c},United Kingdom");
        }
        var path = Path.Combine(_folder, "retail.csv");
        File.WriteAllLines(path, lines);
        return path;
    }
}
