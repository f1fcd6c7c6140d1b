using System.Text.Json;
using PersonalizationEngine.Cli.Commands;

namespace PersonalizationEngine.Cli.Tests;

/// <summary>pe eval-sentiment on small generated corpora in both formats.</summary>
public sealed class EvalSentimentCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pe-sentiment-").FullName;

    /// <summary>Short reviews whose label follows their sentiment word, in the UCI or the SST-2 layout.</summary>
    private string WriteCorpus(string name, bool sst, int count, int seed)
    {
        var random = new Random(seed);
        string[] good = ["great", "lovely", "excellent", "perfect"], bad = ["awful", "broken", "terrible", "useless"];
        var lines = sst ? new List<string> { "sentence\tlabel" } : [];
        for (var i = 0; i < count; i++)
        {
            var positive = random.Next(2) == 0;
            lines.Add($"the {(positive ? good : bad)[random.Next(4)]} case for my phone\t{(positive ? 1 : 0)}");
        }
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task Cross_validation_reports_every_fold_and_the_mean()
    {
        var json = Path.Combine(_folder, "cv.json");

        var exitCode = await EvalSentimentCommand.RunAsync(
            new CommandLine(["eval-sentiment", "cv", WriteCorpus("a.txt", false, 200, 1), WriteCorpus("b.txt", false, 200, 2), "--folds", "4", "--json", json]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(4, report.RootElement.GetProperty("perFold").GetArrayLength());
        var mean = report.RootElement.GetProperty("mean");
        Assert.Equal(400, mean.GetProperty("count").GetInt32());
        Assert.True(mean.GetProperty("accuracy").GetDouble() > 0.95);
    }

    [Theory]
    [InlineData("ngram")]
    [InlineData("encoder")]
    [InlineData("combined")]
    public async Task Split_trains_on_one_file_and_tests_on_each_other_file(string model)
    {
        var json = Path.Combine(_folder, "split.json");

        var exitCode = await EvalSentimentCommand.RunAsync(new CommandLine(["eval-sentiment", "split", WriteCorpus("train.tsv", true, 300, 3),
            WriteCorpus("dev.tsv", true, 100, 4), WriteCorpus("other.txt", false, 50, 5), "--model", model, "--json", json]), Consoles.Quiet());

        Assert.Equal(0, exitCode);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var tests = report.RootElement.GetProperty("tests");
        Assert.Equal([100, 50], tests.EnumerateArray().Select(t => t.GetProperty("metrics").GetProperty("count").GetInt32()));
        Assert.All(tests.EnumerateArray(), t => Assert.True(t.GetProperty("metrics").GetProperty("accuracy").GetDouble() > 0.9, t.ToString()));
    }

    [Theory]
    [InlineData("cv", "at least one labelled file")]
    [InlineData("shuffle", "unknown mode")]
    [InlineData("cv --model words", "unknown model")]
    public async Task Bad_arguments_get_a_clear_message(string mode, string expected)
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => EvalSentimentCommand.RunAsync(new CommandLine(["eval-sentiment", .. mode.Split(' ')]), Consoles.Quiet()));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_malformed_corpus_line_is_named()
    {
        var path = Path.Combine(_folder, "bad.txt");
        await File.WriteAllTextAsync(path, "fine\t1\nno label\n");

        var error = await Assert.ThrowsAsync<UsageException>(() => EvalSentimentCommand.RunAsync(new CommandLine(["eval-sentiment", "cv", path]), Consoles.Quiet()));

        Assert.Contains("bad.txt line 2", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
