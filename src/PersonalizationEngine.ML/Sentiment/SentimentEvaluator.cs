using System.Diagnostics;
using PersonalizationEngine.ML.Text;

namespace PersonalizationEngine.ML.Sentiment;

/// <summary>k-fold cross-validation and train-on-one, test-on-another for the sentiment model.</summary>
public static class SentimentEvaluator
{
    /// <summary>Stratified k folds (each label shuffled with the seed and dealt round-robin); the mean over folds and each fold.</summary>
    public static (SentimentMetrics Mean, IReadOnlyList<SentimentMetrics> Folds) CrossValidate(
        IReadOnlyList<LabelledText> examples, int folds, SentimentOptions options, IProgress<string>? progress = null, TextEncoder? encoder = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var fold = AssignFolds(examples, folds, options.Seed);
        var results = new List<SentimentMetrics>();
        for (var k = 0; k < folds; k++)
        {
            progress?.Report($"fold {k + 1} of {folds}");
            var train = examples.Where((_, i) => fold[i] != k).ToList();
            var test = examples.Where((_, i) => fold[i] == k).ToList();
            results.Add(TrainAndTest(train, test, options, encoder));
        }
        return (SentimentMetrics.Mean(results), results);
    }

    /// <param name="encoder">The sentence encoder, for models that read its embedding.</param>
    public static SentimentMetrics TrainAndTest(IReadOnlyList<LabelledText> train, IReadOnlyList<LabelledText> test, SentimentOptions options, TextEncoder? encoder = null) =>
        Test(SentimentModel.Train(train, options, encoder), test);

    /// <summary>A trained model's metrics on labelled texts, with its throughput on them.</summary>
    public static SentimentMetrics Test(ISentimentClassifier model, IReadOnlyList<LabelledText> test)
    {
        var texts = test.Select(t => t.Text).ToArray();
        model.PredictAll(texts.Take(100).ToArray()); // JIT and pipeline set-up are not throughput
        var clock = Stopwatch.StartNew();
        var predictions = model.PredictAll(texts);
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
        return SentimentMetrics.Evaluate(predictions.Select(p => p.PositiveProbability).ToArray(), test.Select(t => t.Positive).ToArray(), texts.Length / seconds);
    }

    /// <summary>One in <paramref name="oneIn"/> texts of each label (shuffled with the seed) held out; the rest to train on.</summary>
    public static (List<LabelledText> Train, List<LabelledText> Test) HoldOut(IReadOnlyList<LabelledText> examples, int oneIn, int seed)
    {
        var fold = AssignFolds(examples, oneIn, seed);
        return (examples.Where((_, i) => fold[i] != 0).ToList(), examples.Where((_, i) => fold[i] == 0).ToList());
    }

    private static int[] AssignFolds(IReadOnlyList<LabelledText> examples, int folds, int seed)
    {
        var random = new Random(seed);
        var fold = new int[examples.Count];
        foreach (var label in new[] { false, true })
        {
            var indices = Enumerable.Range(0, examples.Count).Where(i => examples[i].Positive == label).OrderBy(_ => random.Next()).ToArray();
            for (var j = 0; j < indices.Length; j++) fold[indices[j]] = j % folds;
        }
        return fold;
    }
}
