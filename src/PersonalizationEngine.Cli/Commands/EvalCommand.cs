using System.Globalization;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Evaluation;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Ranking;
using PersonalizationEngine.ML.Text;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe eval</c>: offline evaluation of the recommendation models on a public data set, with the
/// Microsoft Recommenders protocol by default (75/25 stratified random split per user, seen items
/// removed, all test interactions relevant, k = 10). Runs locally; needs no engine.
/// </summary>
public static class EvalCommand
{
    public const string Usage = """
        pe eval movielens|retail <file> [--split stratified|temporal] [--ratio 0.75] [--k 10] [--seed 42] [--on test|validation]
                [--models popularity,ease,als,blend,item2item,served] [--json results.json] [--chart results.png]
                [--factors 16] [--alpha 5] [--regularization 20] [--iterations 15] [--lambda 400] [--blend-als 0.75] [--neighbors 50] [--ease-max-products 10000]
                [--history-share auto|0..1]
        pe eval movielens|retail <file> --cold-items 0.2 [--k 10] [--seed 42] [--factors 16] ...   new products: popularity, content, text
        """;

    public static Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("split", "ratio", "k", "seed", "on", "models", "json", "chart", "factors", "alpha", "regularization", "iterations", "lambda", "blend-als", "neighbors", "history-share", "ease-max-products", "cold-items");
        var format = line.Positional(1, "movielens|retail");
        var file = line.ExistingFile(line.Positional(2, "file"), "file");
        var split = line.Option("split") ?? "stratified";
        var ratio = line.DoubleOption("ratio", 0.75, 0.05, 0.95);
        var k = line.IntOption("k", 10, 1, 1_000);
        var seed = line.IntOption("seed", 42, 0, int.MaxValue);

        var on = line.Option("on") ?? "test";
        if (on is not ("test" or "validation")) throw new UsageException($"unknown --on '{on}': use test or validation");

        var data = Load(format, file);
        if (line.Option("cold-items") is not null) return ColdStart(line, console, format, file, data, k, seed);
        var (train, test) = Split(data, split, ratio, seed);
        // Tuning never sees the test part: validation is carved out of the training part the same way.
        if (on == "validation") (train, test) = Split(train, split, ratio, seed + 1);
        var models = Models(line, train, split, k);
        console.MarkupLine($"{Markup.Escape(Path.GetFileName(file))}: {data.Count:N0} interactions, {train.Count:N0} train / {test.Count:N0} {on} ({split} {ratio:0.##}, seed {seed})");

        IReadOnlyList<ModelEvaluation> results = [];
        Stages.Run(console, stages =>
        {
            // A model's stage starts at its first report; reports may come from the thread pool.
            var tasks = new Dictionary<string, Stages.Stage>();
            results = OfflineEvaluator.Run(train, test, models, k, new SynchronousProgress<(string Model, double Fraction)>(p =>
            {
                lock (tasks)
                {
                    if (!tasks.TryGetValue(p.Model, out var stage)) tasks[p.Model] = stage = stages.Add(p.Model, maxValue: 1);
                    stage.Value = Math.Max(stage.Value, p.Fraction);
                }
            }));
        }, new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn());

        var table = new Table().AddColumns("model", $"precision@{k}", $"recall@{k}", $"ndcg@{k}", "map", $"map@{k}", "coverage", "train s");
        foreach (var r in results)
        {
            table.AddRow(r.Model, F(r.Metrics.Precision), F(r.Metrics.Recall), F(r.Metrics.Ndcg), F(r.Metrics.Map), F(r.Metrics.MapAtK),
                F(r.CatalogCoverage), r.TrainingSeconds.ToString("F2", CultureInfo.InvariantCulture));
        }
        console.Write(table);
        var retrieval = models.OfType<ServedRankerModel>().Select(served => RetrievalAgreement.Measure(served, InteractionMatrix.Build(train), OfflineEvaluator.RelevantOf(test), k))
            .FirstOrDefault();
        if (retrieval is not null)
        {
            console.MarkupLine($"served retrieval: two-stage NDCG@{k} {F(retrieval.TwoStageNdcg)}, exhaustive {F(retrieval.ExhaustiveNdcg)} " +
                $"(difference {retrieval.NdcgDifference.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture)}); recall of the exhaustive top {k}: {F(retrieval.RecallOfExhaustive)}");
        }

        if (line.Option("json") is { } json)
        {
            var report = new { file = Path.GetFileName(file), format, split, ratio, seed, on, k, interactions = data.Count, train = train.Count, test = test.Count, results, retrieval };
            JsonReport.Write(json, report, console);
        }
        if (line.Option("chart") is { } chart)
        {
            EvalChart.Save(chart, results, $"{Path.GetFileName(file)}: {split} {ratio:0.##} split, {on} set", k);
            console.MarkupLine($"wrote {Markup.Escape(chart)}");
        }
        return Task.FromResult(0);
    }

    /// <summary>New products (<see cref="ColdStartEvaluation"/>): a share of the catalog held out of training, ranked from content alone.</summary>
    private static Task<int> ColdStart(CommandLine line, IAnsiConsole console, string format, string file, List<Interaction> data, int k, int seed)
    {
        var share = line.DoubleOption("cold-items", 0.2, 0.01, 0.9);
        var products = (format == "movielens" ? MovieLensReader.ReadItemsBeside(file) : OnlineRetailReader.ReadProducts(file))
            .GroupBy(p => p.ProductId).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (products.Count == 0) throw new UsageException($"no catalog beside {file}: cold start needs u.item and u.genre, or movies.csv, in its folder");
        using var encoder = TextEncoder.OpenMiniLm();
        console.MarkupLine(Markup.Escape($"{Path.GetFileName(file)}: {data.Count:N0} interactions, {products.Count:N0} products with a title; {share:P0} of them held out of training (seed {seed})"));
        var results = console.Status().Start("training", _ => ColdStartEvaluation.Run(data, products, share, seed, k, AlsOptions(line), encoder));
        var table = new Table().AddColumns("method", "users", $"precision@{k}", $"recall@{k}", $"ndcg@{k}", "coverage", "train s");
        foreach (var r in results)
            table.AddRow(r.Model, r.Metrics.Users.ToString("N0", CultureInfo.InvariantCulture), F(r.Metrics.Precision), F(r.Metrics.Recall), F(r.Metrics.Ndcg), F(r.CatalogCoverage),
                r.TrainingSeconds.ToString("F2", CultureInfo.InvariantCulture));
        console.Write(table);
        if (line.Option("json") is { } json) JsonReport.Write(json, new { file = Path.GetFileName(file), format, coldItems = share, seed, k, results }, console);
        return Task.FromResult(0);
    }

    private static ImplicitAlsOptions AlsOptions(CommandLine line)
    {
        var defaults = new ImplicitAlsOptions();
        return new ImplicitAlsOptions(
            Factors: line.IntOption("factors", defaults.Factors, 1, 1_024),
            Regularization: (float)line.DoubleOption("regularization", defaults.Regularization, 0, 1_000),
            Alpha: (float)line.DoubleOption("alpha", defaults.Alpha, 0, 10_000),
            Iterations: line.IntOption("iterations", defaults.Iterations, 1, 1_000));
    }

    private static (List<Interaction> Train, List<Interaction> Test) Split(List<Interaction> data, string split, double ratio, int seed) => split switch
    {
        "stratified" => DataSplit.StratifiedRandom(data, ratio, seed),
        "temporal" => DataSplit.Temporal(data, ratio),
        _ => throw new UsageException($"unknown split '{split}': use stratified or temporal"),
    };

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>Every interaction is an implicit positive (all ratings relevant, as in the reference protocol).</summary>
    private static List<Interaction> Load(string format, string file)
    {
        var rows = format switch
        {
            "movielens" => MovieLensReader.ReadRatings(file),
            "retail" => OnlineRetailReader.ReadPurchases(file),
            _ => throw new UsageException($"unknown format '{format}': use movielens or retail"),
        };
        return rows.Select(r => new Interaction(r.CustomerId, r.ProductId, 1f, r.OccurredAt)).ToList();
    }

    /// <param name="train">The training part (the served model folds each user in from their latest interactions in it).</param>
    private static List<IRankingModel> Models(CommandLine line, List<Interaction> train, string split, int k)
    {
        var als = AlsOptions(line);
        var lambda = line.DoubleOption("lambda", 400, 0, 1e9);
        var alsWeight = (float)line.DoubleOption("blend-als", 0.75, 0, 1);
        var neighbors = line.IntOption("neighbors", 50, 1, 10_000);
        // 0 makes the item-to-item model sparse EASE on any catalog, to compare it with the dense one.
        var easeMax = line.IntOption("ease-max-products", ItemToItemModel.DefaultEaseMaxItems, 0, EaseModel.MaxItems);
        ItemToItemModel ItemToItem(int perItem) => new(perItem, easeMax, lambda);
        // The served model fits the most links validation may choose; it ranks with the chosen count (WithBlend).
        var neighborCounts = ServedBlendValidation.NeighborCounts(neighbors, train.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).Count());
        ServedRankerModel Served(IReadOnlyList<Interaction> data) => new(data, als, () => ItemToItem(neighborCounts[^1]), k);
        return (line.Option("models") ?? "popularity,ease,als,blend,item2item,served").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name switch
            {
                "popularity" => (IRankingModel)new PopularityModel(),
                "ease" => new EaseModel(lambda),
                "als" => new ImplicitAlsModel(als),
                "blend" => new BlendModel("blend", [(new EaseModel(lambda), 1 - alsWeight), (new ImplicitAlsModel(als), alsWeight)]),
                "item2item" => ItemToItem(neighbors),
                "served" => WithBlend(Served(train), line.Option("history-share") ?? "auto", train, split, k, Served, neighborCounts),
                _ => throw new UsageException($"unknown model '{name}': use popularity, ease, als, blend, item2item or served"),
            })
            .ToList();
    }

    /// <summary>
    /// The served model's blend: every weight chosen the way the engine's trainer chooses it, on a split of
    /// the training part (its last 20% per user for a temporal split, a random 20% otherwise); or the
    /// default blend with the history share given.
    /// </summary>
    private static ServedRankerModel WithBlend(ServedRankerModel model, string share, List<Interaction> train, string split, int k,
        Func<IReadOnlyList<Interaction>, ServedRankerModel> create, int[] neighborCounts)
    {
        if (share == "auto")
        {
            var (inner, validation) = split == "temporal" ? DataSplit.Temporal(train, 0.8) : DataSplit.StratifiedRandom(train, 0.8, 7);
            var choice = ServedBlendValidation.Choose(inner, validation, create, k, neighborCounts: neighborCounts);
            foreach (var (blend, links, ndcg) in choice.Tried)
                AnsiConsole.WriteLine($"served: validation NDCG@{k} {ndcg:F4} with {blend}{(links is null ? "" : $", {links} links per item")}");
            AnsiConsole.WriteLine($"served: chose {choice.Blend}{(choice.NeighborsPerItem is { } chosen ? $", {chosen} links per item" : "")}");
            (model.Blend, model.NeighborsPerItem) = (choice.Blend, choice.NeighborsPerItem ?? neighborCounts[0]);
        }
        else if (double.TryParse(share, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
            (model.Blend, model.NeighborsPerItem) = (ServedBlend.Default with { HistoryShare = value }, neighborCounts[0]);
        else throw new UsageException($"--history-share '{share}': use auto or a number from 0 to 1");
        return model;
    }
}
