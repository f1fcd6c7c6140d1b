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
        // Each text is in the training folds k - 1 times: encode it once.
        if (options.Features != SentimentFeatures.NGrams && encoder is not null) progress?.Report("encoding the texts");
        var embeddings = options.Features == SentimentFeatures.NGrams ? null : encoder?.Encode(examples.Select(e => e.Text).ToArray());
        var results = new List<SentimentMetrics>();
        for (var k = 0; k < folds; k++)
        {
            progress?.Report($"fold {k + 1} of {folds}");
            var inTraining = Enumerable.Range(0, examples.Count).Where(i => fold[i] != k).ToArray();
            var train = inTraining.Select(i => examples[i]).ToList();
            var test = examples.Where((_, i) => fold[i] == k).ToList();
            results.Add(Test(SentimentModel.Train(train, options, encoder, embeddings is null ? null : inTraining.Select(i => embeddings[i]).ToArray()), test));
        }
        return (SentimentMetrics.Mean(results), results);
    }

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
