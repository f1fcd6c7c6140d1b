using System.Globalization;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Propensity;
using PersonalizationEngine.ML.Segmentation;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe eval-segments</c>: customer segmentation of a transaction file as the engine trains it (activity
/// as of the file's last purchase; with <c>--taste on</c> the embedding of an implicit ALS model trained
/// on the file's purchases), scored by the silhouette of every k and of customers held out of training;
/// each segment's size and mean recency, frequency and revenue. Runs locally.
/// </summary>
public static class EvalSegmentsCommand
{
    public const string Usage = """
        pe eval-segments retail <file> [--min-k 2] [--max-k 8] [--k 0 (choose)] [--taste on|off] [--held-out 0.2] [--seed 1] [--json results.json] [--chart segments.png]
        """;

    public static Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("min-k", "max-k", "k", "taste", "held-out", "seed", "json", "chart");
        var format = line.Positional(1, "retail");
        if (format != "retail") throw new UsageException($"unknown format '{format}': use retail");
        var file = line.ExistingFile(line.Positional(2, "file"), "file");
        var options = new SegmentationOptions(
            MinSegments: line.IntOption("min-k", 2, 2, 50), MaxSegments: line.IntOption("max-k", 8, 2, 50), FixedSegments: line.IntOption("k", 0, 0, 50),
            Seed: line.IntOption("seed", 1, 0, int.MaxValue), Threads: Environment.ProcessorCount);
        if (options.MinSegments > options.MaxSegments) throw new UsageException("--min-k must not be above --max-k");
        var heldOut = line.DoubleOption("held-out", 0.2, 0.05, 0.5);

        var events = CustomerEvents.From(OnlineRetailReader.ReadPurchases(file)).ToList();
        if (events.Count == 0) throw new UsageException($"file: {Path.GetFileName(file)} has no purchases of known customers");
        var replay = new ActivityReplay(events, new Dictionary<string, DatasetProduct>());
        replay.AdvanceTo(DateTimeOffset.MaxValue);
        var now = events.Max(e => e.OccurredAt);
        var customers = replay.Customers.Values.ToList();
        console.MarkupLine(Markup.Escape($"{Path.GetFileName(file)}: {events.Count:N0} purchases, {customers.Count:N0} customers, activity as of {now:yyyy-MM-dd}"));

        ItemFactorSnapshot? embedding = null;
        if (line.OnOffOption("taste", true))
        {
            embedding = console.Status().Start("training the customer embedding (implicit ALS)", _ => TasteModel.Train(events, new ImplicitAlsOptions()));
        }

        var (evaluation, model) = console.Status().Start("segmenting", _ => SegmentationEvaluation.Run(customers, now, embedding, options, heldOut));

        var tried = new Table().AddColumns("k", "silhouette (training sample)");
        foreach (var (k, silhouette) in evaluation.SilhouetteByK) tried.AddRow(k.ToString(CultureInfo.InvariantCulture), F(silhouette));
        console.Write(tried);
        console.MarkupLine(Markup.Escape($"chosen k = {model.Segments.Count}: silhouette {F(evaluation.TrainingSilhouette)} on training customers, " +
            $"{F(evaluation.HeldOutSilhouette)} on {evaluation.HeldOutCustomers:N0} held-out ones ({evaluation.Seconds:F1} s)"));
        var segments = new Table().AddColumns("segment", "customers", "mean days since last purchase", "mean purchase days", "mean revenue");
        foreach (var p in evaluation.Profiles)
            segments.AddRow(Markup.Escape(p.Segment.Description), p.Customers.ToString("N0", CultureInfo.InvariantCulture), p.MeanDaysSinceLastPurchase.ToString("F0", CultureInfo.InvariantCulture),
                p.MeanPurchaseDays.ToString("F1", CultureInfo.InvariantCulture), p.MeanRevenue.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(segments);

        if (line.Option("chart") is { } chart)
        {
            SegmentChart.Save(chart, model, customers, now);
            console.MarkupLine($"wrote {Markup.Escape(chart)}");
        }
        if (line.Option("json") is { } json)
            JsonReport.Write(json, new { file = Path.GetFileName(file), options, taste = embedding is not null, evaluation }, console);
        return Task.FromResult(0);
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
