using System.Diagnostics;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Evaluation;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>
/// Trains purchase propensity and churn with a temporal split. With L the latest event and H the horizon,
/// cut-offs fall at L−H, L−2H, …: the held-out period is [L−H, L) — the last cut-off, whose labels are the
/// newest events — and the models evaluated on it learn from the cut-offs before it only. The models
/// returned for serving then learn from the latest <see cref="PropensityOptions.TrainingWindows"/>
/// cut-offs, the held-out one included. A recency-frequency logistic regression is evaluated alongside.
/// The purchase pairs of every training window are a sampled share of the negatives from the start
/// (<see cref="NegativeSample"/>); the held-out window is scored on all its pairs and sampled when it trains.
/// No window holds much more than <see cref="PropensityOptions.MaxPairsPerWindow"/> pairs, whatever the shop's size.
/// </summary>
public static class PropensityTrainer
{
    private static readonly string[] ChurnBaselineFeatures = ["days_since_last_purchase", "purchase_days"];
    private static readonly string[] PairBaselineFeatures = [.. ChurnBaselineFeatures, "days_since_bought_product", "times_bought_product"];

    /// <param name="reviews">The products' reviews scored by the sentiment model, if the shop has any.</param>
    public static PropensityModels Train(
        IReadOnlyList<CustomerEvent> events, IReadOnlyDictionary<string, DatasetProduct> catalog, PropensityOptions options,
        IProgress<string>? progress = null, IReadOnlyList<ScoredReview>? reviews = null) =>
        Fit(Examples(events, catalog, options, progress, reviews), options, progress);

    /// <summary>
    /// The labelled examples of every window, the first half of <see cref="Train"/>. Nothing of the events or the
    /// replay is kept in them, so a caller that lets the events go before <see cref="Fit"/> trains the trees
    /// without them in memory (at 2,000,000 events the list and the replay of every customer are about 240 MB).
    /// </summary>
    public static ExampleWindows Examples(
        IReadOnlyList<CustomerEvent> events, IReadOnlyDictionary<string, DatasetProduct> catalog, PropensityOptions options,
        IProgress<string>? progress = null, IReadOnlyList<ScoredReview>? reviews = null)
    {
        var clock = Stopwatch.StartNew();
        // A log is in time order unless history arrived late (an import after live events): only then is every event copied to sort it.
        var sorted = InTimeOrder(events) ? events : events.OrderBy(e => e.OccurredAt).ToArray();
        if (sorted.Count == 0) throw new ArgumentException("no events", nameof(events));
        var latest = sorted[^1].OccurredAt;
        var cutoffs = Enumerable.Range(1, options.TrainingWindows + 1).Select(k => latest - k * options.Horizon).Reverse().ToArray();
        if (cutoffs[0] <= sorted[0].OccurredAt)
            throw new ArgumentException($"{options.TrainingWindows + 1} windows of {options.HorizonDays} days need more history than {sorted[0].OccurredAt:d}..{latest:d}");

        var replay = new ActivityReplay(sorted, catalog, reviews?.OrderBy(r => r.OccurredAt).ToArray());
        var negatives = new NegativeSample(options.NegativeSampleRate, new Random(options.Trees.Seed));
        var windows = new List<TrainingWindow>();
        foreach (var cutoff in cutoffs)
        {
            progress?.Report($"examples at {cutoff:yyyy-MM-dd}");
            windows.Add(WindowAt(replay, sorted, cutoff, options, negatives, heldOut: cutoff == cutoffs[^1]));
        }
        return new ExampleWindows(windows, cutoffs[^1], negatives, clock.Elapsed);
    }

    /// <summary>The second half of <see cref="Train"/>: evaluates on the latest window, then trains the serving models.</summary>
    public static PropensityModels Fit(ExampleWindows examples, PropensityOptions options, IProgress<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var windows = examples.Windows;
        var test = windows[^1];
        progress?.Report("training on the earlier windows, testing on the latest");
        var evaluation = Evaluate(windows.Take(windows.Count - 1).ToList(), test.Pairs, test.Churn, options, examples.TestCutoff);
        progress?.Report("training the serving models on the latest windows");
        var (propensity, churn) = TrainBoth([.. windows.Skip(1).Take(windows.Count - 2), test with { Pairs = examples.Negatives.Of(test.Pairs) }], options);
        return new PropensityModels(new PropensityPredictor(propensity, churn, options.HorizonDays, options.UseTaste),
            evaluation with { TrainingSeconds = (examples.Built + clock.Elapsed).TotalSeconds });
    }

    private static bool InTimeOrder(IReadOnlyList<CustomerEvent> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            if (events[i].OccurredAt < events[i - 1].OccurredAt) return false;
        }
        return true;
    }

    /// <summary>Examples of one window: churn first at the extra cut-offs before it, in time order, as the replay only goes forward.</summary>
    private static TrainingWindow WindowAt(ActivityReplay replay, IReadOnlyList<CustomerEvent> sorted, DateTimeOffset cutoff, PropensityOptions options,
        NegativeSample sample, bool heldOut)
    {
        var earlierChurn = new List<LabeledRow>();
        for (var j = options.ChurnCutoffsPerWindow - 1; j >= 1; j--)
        {
            var earlier = cutoff - j * options.Horizon / options.ChurnCutoffsPerWindow;
            replay.AdvanceTo(earlier);
            earlierChurn.AddRange(PropensityExamples.Churn(replay, sorted, earlier, options.Horizon));
        }
        var taste = options.UseTaste ? TasteModel.Train(sorted.TakeWhile(e => e.OccurredAt < cutoff), options.Als) : null;
        replay.AdvanceTo(cutoff);
        return new TrainingWindow(
            PropensityExamples.Pairs(replay, sorted, cutoff, options.Horizon, options.PopularCandidates, taste, sample, options.MaxPairsPerWindow, heldOut),
            PropensityExamples.Churn(replay, sorted, cutoff, options.Horizon),
            earlierChurn);
    }

    private static PropensityEvaluation Evaluate(
        IReadOnlyList<TrainingWindow> training, List<LabeledRow> testPairs, List<LabeledRow> testChurn,
        PropensityOptions options, DateTimeOffset testCutoff)
    {
        var (propensity, churn) = TrainBoth(training, options);
        var trainPairs = training.SelectMany(w => w.Pairs).ToList();
        var trainChurn = training.SelectMany(w => w.AllChurn).ToList();
        var pairBaseline = BinaryModel.TrainLogistic(Select(trainPairs, PropensityFeatures.PairNames, PairBaselineFeatures), options.Trees.Seed);
        var churnBaseline = BinaryModel.TrainLogistic(Select(trainChurn, PropensityFeatures.CustomerNames, ChurnBaselineFeatures), options.Trees.Seed);
        var pairLabels = testPairs.Select(r => r.Label).ToArray();
        var churnLabels = testChurn.Select(r => r.Label).ToArray();
        return new PropensityEvaluation(
            testCutoff, options.HorizonDays, trainPairs.Count, trainChurn.Count,
            BinaryMetrics.Evaluate(propensity.PredictAll(testPairs), pairLabels),
            BinaryMetrics.Evaluate(pairBaseline.PredictAll(Select(testPairs, PropensityFeatures.PairNames, PairBaselineFeatures)), pairLabels),
            BinaryMetrics.Evaluate(churn.PredictAll(testChurn), churnLabels),
            BinaryMetrics.Evaluate(churnBaseline.PredictAll(Select(testChurn, PropensityFeatures.CustomerNames, ChurnBaselineFeatures)), churnLabels),
            TrainingSeconds: 0); // set by Train once the serving models are trained too
    }

    /// <summary>Both models from windows whose purchase pairs are sampled already.</summary>
    private static (BinaryModel Propensity, BinaryModel Churn) TrainBoth(IReadOnlyList<TrainingWindow> windows, PropensityOptions options)
    {
        var propensity = BinaryModel.TrainBoostedTrees(windows.SelectMany(w => w.Pairs).ToList(), options.Trees);
        var churn = BinaryModel.TrainBoostedTrees(windows.SelectMany(w => w.AllChurn).ToList(), options.ChurnTrees);
        return (propensity, churn);
    }

    private static List<LabeledRow> Select(IEnumerable<LabeledRow> rows, IReadOnlyList<string> names, IReadOnlyList<string> wanted)
    {
        var indices = wanted.Select(w => names.ToList().IndexOf(w)).ToArray();
        return rows.Select(r => r with { Features = indices.Select(r.FeatureAt).ToArray(), Shared = null }).ToList();
    }

    /// <summary>
    /// The examples of every window, oldest first, the latest held out (at <paramref name="TestCutoff"/>); the
    /// sample that drew the training windows' negatives draws the held-out window's when it trains.
    /// </summary>
    public sealed record ExampleWindows(IReadOnlyList<TrainingWindow> Windows, DateTimeOffset TestCutoff, NegativeSample Negatives, TimeSpan Built);

    /// <summary>A window's examples; <see cref="Churn"/> is at the window's cut-off (the one a test uses), <see cref="EarlierChurn"/> at the extra ones.</summary>
    public sealed record TrainingWindow(List<LabeledRow> Pairs, List<LabeledRow> Churn, List<LabeledRow> EarlierChurn)
    {
        public IEnumerable<LabeledRow> AllChurn => Churn.Concat(EarlierChurn);
    }
}
