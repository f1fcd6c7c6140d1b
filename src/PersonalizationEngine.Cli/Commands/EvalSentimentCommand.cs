using System.Globalization;
using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.ML.Text;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe eval-sentiment</c>: the default sentiment model on labelled files (UCI labelled sentences, SST-2
/// tsv). <c>cv</c>: stratified k-fold cross-validation over all the files given together. <c>split</c>:
/// train on one file and test on another, or on a file's last N rows. <c>--model</c> picks what the classifier
/// reads: n-grams, the packaged sentence encoder's embedding, or both. Runs locally.
/// </summary>
public static class EvalSentimentCommand
{
    public const string Usage = """
        pe eval-sentiment cv <file> [<file> ...] [--folds 10] [--model ngram|encoder|combined] [--word-ngrams 2] [--char-ngrams 5] [--l2 0.03] [--seed 42] [--json results.json]
        pe eval-sentiment split <train-file> <test-file> [<test-file> ...] | <file> --test-last N   [same model options]
        """;

    public static Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("folds", "model", "word-ngrams", "char-ngrams", "l2", "seed", "json", "test-last");
        var mode = line.Positional(1, "cv|split");
        var defaults = new SentimentOptions();
        var features = (line.Option("model") ?? "ngram") switch
        {
            "ngram" => SentimentFeatures.NGrams,
            "encoder" => SentimentFeatures.Encoder,
            "combined" => SentimentFeatures.Combined,
            var other => throw new UsageException($"unknown model '{other}': use ngram, encoder or combined"),
        };
        using var encoder = features == SentimentFeatures.NGrams ? null : TextEncoder.OpenMiniLm();
        var options = defaults with
        {
            Features = features,
            WordNgrams = line.IntOption("word-ngrams", defaults.WordNgrams, 1, 4),
            CharNgrams = line.IntOption("char-ngrams", defaults.CharNgrams, 0, 8),
            L2 = (float)line.DoubleOption("l2", defaults.L2, 0, 1_000),
            Seed = line.IntOption("seed", defaults.Seed, 0, int.MaxValue),
        };
        var table = new Table().AddColumns("evaluation", "texts", "accuracy", "macro F1", "AUC", "texts/s");
        void Row(string name, SentimentMetrics m) => table.AddRow(Markup.Escape(name), m.Count.ToString("N0", CultureInfo.InvariantCulture),
            m.Accuracy.ToString("P2", CultureInfo.InvariantCulture), F(m.MacroF1), F(m.Auc), m.TextsPerSecond.ToString("N0", CultureInfo.InvariantCulture));

        object report;
        switch (mode)
        {
            case "cv":
            {
                var files = line.PositionalFrom(2).Select(f => line.ExistingFile(f, "file")).ToArray();
                if (files.Length == 0) throw new UsageException("cv needs at least one labelled file");
                var texts = files.SelectMany(Read).ToList();
                var folds = line.IntOption("folds", 10, 2, 100);
                console.MarkupLine($"{texts.Count:N0} texts from {files.Length} file(s), {texts.Count(t => t.Positive):N0} positive; {folds}-fold stratified cross-validation");
                var result = console.Status().Start("training", status =>
                    SentimentEvaluator.CrossValidate(texts, folds, options, new SynchronousProgress<string>(s => status.Status(s)), encoder));
                for (var k = 0; k < result.Folds.Count; k++) Row($"fold {k + 1}", result.Folds[k]);
                Row("mean", result.Mean);
                report = new { mode, files = files.Select(Path.GetFileName), folds, options, mean = result.Mean, perFold = result.Folds };
                break;
            }
            case "split":
            {
                var (train, tests) = SplitFrom(line);
                console.MarkupLine(Markup.Escape($"{train.Count:N0} training texts; {string.Join(", ", tests.Select(t => $"{t.Description}: {t.Texts.Count:N0} test texts"))}"));
                var model = console.Status().Start("training", _ => SentimentModel.Train(train, options, encoder));
                var results = tests.Select(t => (t.Description, Metrics: SentimentEvaluator.Test(model, t.Texts))).ToList();
                foreach (var (description, metrics) in results) Row(description, metrics);
                report = new { mode, options, tests = results.Select(r => new { description = r.Description, metrics = r.Metrics }) };
                break;
            }
            default:
                throw new UsageException($"unknown mode '{mode}': use cv or split");
        }
        console.Write(table);
        if (line.Option("json") is { } json)
        {
            JsonReport.Write(json, report, console);
        }
        return Task.FromResult(0);
    }

    /// <summary>The training texts and each test set: a file's last rows, or every test file after the training file.</summary>
    private static (List<LabelledText> Train, List<(string Description, List<LabelledText> Texts)> Tests) SplitFrom(CommandLine line)
    {
        var first = line.ExistingFile(line.Positional(2, "train-file"), "train-file");
        if (line.Option("test-last") is not null)
        {
            var all = Read(first).ToList();
            var last = line.IntOption("test-last", 0, 1, all.Count - 1);
            return (all[..^last], [($"{Path.GetFileName(first)}, last {last} rows held out", all[^last..])]);
        }
        line.Positional(3, "test-file");
        var tests = line.PositionalFrom(3).Select(f => line.ExistingFile(f, "test-file"))
            .Select(f => ($"train {Path.GetFileName(first)}, test {Path.GetFileName(f)}", Read(f).ToList())).ToList();
        return (Read(first).ToList(), tests);
    }

    private static IEnumerable<LabelledText> Read(string file)
    {
        try
        {
            return LabelledTextReader.Read(file).ToList();
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
