using PersonalizationEngine.ML.Evaluation;

namespace PersonalizationEngine.ML.Sentiment;

/// <summary>
/// Binary sentiment quality on labelled texts, deciding positive at P(positive) ≥ 0.5 (the neutral band is
/// a serving choice; the corpora have two labels): accuracy, macro F1 (mean of the positive and the
/// negative class's F1), AUC, and prediction throughput in texts per second.
/// </summary>
public sealed record SentimentMetrics(int Count, double Accuracy, double MacroF1, double Auc, double TextsPerSecond)
{
    public static SentimentMetrics Evaluate(IReadOnlyList<double> positiveProbabilities, IReadOnlyList<bool> positive, double textsPerSecond)
    {
        if (positiveProbabilities.Count != positive.Count) throw new ArgumentException("one probability per label", nameof(positiveProbabilities));
        int tp = 0, tn = 0, fp = 0, fn = 0;
        for (var i = 0; i < positive.Count; i++)
        {
            var predicted = positiveProbabilities[i] >= 0.5;
            if (predicted && positive[i]) tp++;
            else if (!predicted && !positive[i]) tn++;
            else if (predicted) fp++;
            else fn++;
        }
        var macroF1 = (F1(tp, fp, fn) + F1(tn, fn, fp)) / 2;
        return new SentimentMetrics(positive.Count, positive.Count == 0 ? 0 : (double)(tp + tn) / positive.Count, macroF1,
            BinaryMetrics.AreaUnderCurve(positiveProbabilities, positive), textsPerSecond);
    }

    /// <summary>The mean of several folds' metrics (counts add up).</summary>
    public static SentimentMetrics Mean(IReadOnlyList<SentimentMetrics> folds) => new(
        folds.Sum(f => f.Count), folds.Average(f => f.Accuracy), folds.Average(f => f.MacroF1), folds.Average(f => f.Auc), folds.Average(f => f.TextsPerSecond));

    private static double F1(int truePositives, int falsePositives, int falseNegatives) =>
        truePositives == 0 ? 0 : 2.0 * truePositives / (2.0 * truePositives + falsePositives + falseNegatives);
}
