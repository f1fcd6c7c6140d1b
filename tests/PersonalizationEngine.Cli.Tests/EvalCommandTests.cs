using System.Text.Json;
using PersonalizationEngine.Cli.Commands;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Tests;

/// <summary>pe eval on a small generated ratings file (two taste groups, so learned models have something to find).</summary>
public sealed class EvalCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pe-eval-").FullName;

    private string WriteRatings()
    {
        var random = new Random(5);
        var lines = new List<string>();
        for (var user = 0; user < 60; user++)
        {
            for (var item = 0; item < 40; item++)
            {
                if (item % 2 == user % 2 && random.NextDouble() < 0.5) lines.Add($"{user}\t{item}\t4\t{880000000 + lines.Count}");
            }
        }
        var path = Path.Combine(_folder, "u.data");
        File.WriteAllLines(path, lines);
        return path;
    }


    [Fact]
    public async Task Cold_start_ranks_held_out_products_from_their_text()
    {
        var ratings = WriteRatings();
        // The two taste groups' products are about different things, in words that vary from title to title.
        string[] space = ["Galactic starship battle", "Alien invasion of Mars", "Robots among the stars", "Astronaut lost in orbit"];
        string[] romance = ["A wedding in Paris", "Love letters from Rome", "Falling for the neighbour", "Two hearts, one summer"];
        File.WriteAllLines(Path.Combine(_folder, "movies.csv"), ["movieId,title,genres",
            .. Enumerable.Range(0, 40).Select(i => $"{i},\"{(i % 2 == 0 ? space : romance)[i / 2 % 4]} ({1990 + i})\",{(i % 2 == 0 ? "Sci-Fi" : "Romance")}")]);
        var json = Path.Combine(_folder, "cold.json");

        var exitCode = await EvalCommand.RunAsync(new CommandLine(["eval", "movielens", ratings, "--cold-items", "0.3", "--json", json]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var ndcg = report.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("model").GetString()!, r => r.GetProperty("metrics").GetProperty("ndcg").GetDouble());
        Assert.Equal(["popularity", "popularity-oracle", "content", "text"], ndcg.Keys);
        Assert.True(ndcg["text"] > ndcg["popularity"] + 0.2, string.Join(", ", ndcg));
    }

    [Fact]
    public async Task Cold_start_without_a_catalog_beside_the_ratings_is_refused()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => EvalCommand.RunAsync(new CommandLine(["eval", "movielens", WriteRatings(), "--cold-items", "0.2"]), Consoles.Quiet()));

        Assert.Contains("no catalog beside", error.Message);
    }

    [Theory]
    [InlineData("stratified", "test")]
    [InlineData("temporal", "validation")]
    public async Task Evaluates_every_model_and_writes_json(string split, string on)
    {
        var json = Path.Combine(_folder, "results.json");

        var exitCode = await EvalCommand.RunAsync(new CommandLine(["eval", "movielens", WriteRatings(), "--split", split, "--on", on, "--json", json]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var results = report.RootElement.GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("model").GetString()!, r => r.GetProperty("metrics").GetProperty("ndcg").GetDouble());
        Assert.Equal(["popularity", "ease", "als", "blend", "item2item", "served"], results.Keys);
        Assert.True(results["blend"] > results["popularity"], $"blend {results["blend"]:F3} vs popularity {results["popularity"]:F3}");
        Assert.True(results["served"] > results["popularity"], $"served {results["served"]:F3} vs popularity {results["popularity"]:F3}");
    }

    [Fact]
    public async Task Writes_a_png_chart()
    {
        var chart = Path.Combine(_folder, "results.png");

        var exitCode = await EvalCommand.RunAsync(new CommandLine(["eval", "movielens", WriteRatings(), "--models", "popularity,als", "--chart", chart]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        var bytes = await File.ReadAllBytesAsync(chart);
        Assert.True(bytes.Length > 1_000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Theory]
    [InlineData("--split", "random", "unknown split 'random'")]
    [InlineData("--models", "bpr", "unknown model 'bpr'")]
    [InlineData("--on", "train", "unknown --on 'train'")]
    [InlineData("--ratio", "1.5", "--ratio must be a number from 0.05 to 0.95")]
    public async Task Bad_options_are_usage_errors(string option, string value, string message)
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => EvalCommand.RunAsync(new CommandLine(["eval", "movielens", WriteRatings(), option, value]), Consoles.Quiet()));

        Assert.StartsWith(message, error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
