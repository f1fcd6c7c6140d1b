using System.Globalization;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Evaluation;
using PersonalizationEngine.ML.Propensity;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe eval-propensity</c>: purchase propensity and churn on a transaction file with a temporal split
/// (the latest horizon held out), next to a recency-frequency logistic baseline. Runs locally.
/// </summary>
public static class EvalPropensityCommand
{
    public const string Usage = """
        pe eval-propensity retail <file> [--horizon 30] [--windows 8] [--popular 20] [--negatives 0.5] [--max-pairs 300000] [--churn-cutoffs 4] [--taste on|off] [--on test|validation]
                [--trees 200] [--leaves 31] [--churn-trees 300] [--churn-leaves 4] [--json results.json] [--chart reliability.png]
        """;

    public static Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("on", "horizon", "windows", "popular", "negatives", "max-pairs", "churn-cutoffs", "taste", "trees", "leaves", "churn-trees", "churn-leaves", "json", "chart");
        var format = line.Positional(1, "retail");
        if (format != "retail") throw new UsageException($"unknown format '{format}': use retail");
        var file = line.ExistingFile(line.Positional(2, "file"), "file");
        var defaults = new PropensityOptions();
        var options = new PropensityOptions
        {
            HorizonDays = line.IntOption("horizon", defaults.HorizonDays, 1, 365),
            TrainingWindows = line.IntOption("windows", defaults.TrainingWindows, 1, 24),
            PopularCandidates = line.IntOption("popular", defaults.PopularCandidates, 0, 1_000),
            NegativeSampleRate = line.DoubleOption("negatives", defaults.NegativeSampleRate, 0.01, 1),
            MaxPairsPerWindow = line.IntOption("max-pairs", defaults.MaxPairsPerWindow, 1_000, 100_000_000),
            ChurnCutoffsPerWindow = line.IntOption("churn-cutoffs", defaults.ChurnCutoffsPerWindow, 1, 30),
            UseTaste = line.OnOffOption("taste", true),
            ChurnTrees = defaults.ChurnTrees with
            {
                Trees = line.IntOption("churn-trees", defaults.ChurnTrees.Trees, 1, 5_000),
                Leaves = line.IntOption("churn-leaves", defaults.ChurnTrees.Leaves, 2, 1_024),
            },
            Trees = defaults.Trees with { Trees = line.IntOption("trees", defaults.Trees.Trees, 1, 5_000), Leaves = line.IntOption("leaves", defaults.Trees.Leaves, 2, 1_024) },
        };

        var events = CustomerEvents.From(OnlineRetailReader.ReadPurchases(file)).ToList();
        var on = line.Option("on") ?? "test";
        if (on is not ("test" or "validation")) throw new UsageException($"unknown --on '{on}': use test or validation");
        // Tuning never sees the test period: validation drops it, so the horizon before it is held out instead.
        if (on == "validation")
        {
            var testStart = events.Max(e => e.OccurredAt) - options.Horizon;
            events = events.Where(e => e.OccurredAt < testStart).ToList();
        }
        var catalog = OnlineRetailReader.ReadProducts(file).ToDictionary(p => p.ProductId, StringComparer.Ordinal);
        var history = events.Count == 0 ? TimeSpan.Zero : events.Max(e => e.OccurredAt) - events.Min(e => e.OccurredAt);
        var needed = (options.TrainingWindows + 1) * options.HorizonDays;
        if (history.TotalDays <= needed)
            throw new UsageException($"--windows {options.TrainingWindows} and --horizon {options.HorizonDays} need more than {needed} days of history; the file has {history.TotalDays:F0}");
        console.MarkupLine($"{Markup.Escape(Path.GetFileName(file))}: {events.Count:N0} events, {catalog.Count:N0} products, horizon {options.HorizonDays} days");

        PropensityModels? models = null;
        console.Status().Start("training", status =>
            models = PropensityTrainer.Train(events, catalog, options, new SynchronousProgress<string>(step => status.Status(Markup.Escape(step)))));
        var evaluation = models!.Evaluation;
        console.MarkupLine($"{on} period: [[{evaluation.TestCutoff:yyyy-MM-dd}, +{options.HorizonDays} days); trained on {evaluation.TrainingPairs:N0} pairs and {evaluation.TrainingCustomers:N0} customer rows before it ({evaluation.TrainingSeconds:F1} s)");

        var table = new Table().AddColumns("model", "rows", "positive rate", "AUC", "log loss", "Brier", "lift@top10%");
        void Row(string name, BinaryMetrics m) => table.AddRow(name, m.Count.ToString("N0", CultureInfo.InvariantCulture), F(m.PositiveRate), F(m.Auc), F(m.LogLoss), F(m.Brier), F(m.LiftAtTopDecile));
        Row("purchase propensity (boosted trees)", evaluation.Propensity);
        Row("purchase propensity (RF logistic)", evaluation.PropensityBaseline);
        Row("churn (boosted trees)", evaluation.Churn);
        Row("churn (RF logistic)", evaluation.ChurnBaseline);
        console.Write(table);
        console.Write(CalibrationTable("purchase propensity calibration", evaluation.Propensity));
        console.Write(CalibrationTable("churn calibration", evaluation.Churn));

        if (line.Option("json") is { } json)
        {
            var report = new { file = Path.GetFileName(file), options = new { options.HorizonDays, options.TrainingWindows, options.PopularCandidates, options.NegativeSampleRate, options.MaxPairsPerWindow, options.ChurnCutoffsPerWindow, options.UseTaste }, evaluation };
            JsonReport.Write(json, report, console);
        }
        if (line.Option("chart") is { } chart)
        {
            ReliabilityChart.Save(chart, $"{Path.GetFileName(file)}: held-out {options.HorizonDays} days",
                [("purchase propensity", evaluation.Propensity), ("churn", evaluation.Churn)]);
            console.MarkupLine($"wrote {Markup.Escape(chart)}");
        }
        return Task.FromResult(0);
    }

    private static Table CalibrationTable(string title, BinaryMetrics metrics)
    {
        var table = new Table().Title(title).AddColumns("predicted", "rows", "mean predicted", "observed");
        foreach (var bin in metrics.Calibration)
            table.AddRow($"{bin.From:0.0}-{bin.To:0.0}", bin.Count.ToString("N0", CultureInfo.InvariantCulture), F(bin.MeanPredicted), F(bin.Observed));
        return table;
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
