namespace PersonalizationEngine.ML.Evaluation;

/// <summary>
/// How good probabilities are: AUC (rank-based, ties count half), log loss (natural log, probabilities
/// clipped to [1e-15, 1-1e-15]), Brier score, the calibration table (10 equal-width bins) and lift in
/// the top decile (the event rate among the 10% highest predictions over the overall rate).
/// </summary>
public sealed record BinaryMetrics(
    int Count, double PositiveRate, double Auc, double LogLoss, double Brier, double LiftAtTopDecile, IReadOnlyList<CalibrationBin> Calibration)
{
    private const int Bins = 10;

    public static BinaryMetrics Evaluate(IReadOnlyList<double> predicted, IReadOnlyList<bool> actual)
    {
        if (predicted.Count != actual.Count) throw new ArgumentException("one prediction per label", nameof(predicted));
        if (predicted.Count == 0) throw new ArgumentException("nothing to evaluate", nameof(predicted));
        double logLoss = 0, brier = 0;
        for (var i = 0; i < predicted.Count; i++)
        {
            var p = Math.Clamp(predicted[i], 1e-15, 1 - 1e-15);
            var y = actual[i] ? 1.0 : 0.0;
            logLoss -= y * Math.Log(p) + (1 - y) * Math.Log(1 - p);
            brier += (predicted[i] - y) * (predicted[i] - y);
        }
        var positives = actual.Count(a => a);
        return new BinaryMetrics(predicted.Count, (double)positives / actual.Count, AreaUnderCurve(predicted, actual), logLoss / predicted.Count,
            brier / predicted.Count, Lift(predicted, actual, positives), Calibrate(predicted, actual));
    }

    /// <summary>Mann–Whitney: the probability that a random positive scores above a random negative.</summary>
    public static double AreaUnderCurve(IReadOnlyList<double> predicted, IReadOnlyList<bool> actual)
    {
        var order = Enumerable.Range(0, predicted.Count).OrderBy(i => predicted[i]).ToArray();
        double rankSumPositives = 0;
        long positives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && predicted[order[end + 1]] == predicted[order[start]]) end++;
            var averageRank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
            {
                if (!actual[order[i]]) continue;
                rankSumPositives += averageRank;
                positives++;
            }
            start = end + 1;
        }
        var negatives = predicted.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSumPositives - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    private static double Lift(IReadOnlyList<double> predicted, IReadOnlyList<bool> actual, int positives)
    {
        if (positives == 0) return double.NaN;
        var top = Math.Max(1, predicted.Count / 10);
        var hits = Enumerable.Range(0, predicted.Count).OrderByDescending(i => predicted[i]).Take(top).Count(i => actual[i]);
        return (double)hits / top / ((double)positives / predicted.Count);
    }

    private static List<CalibrationBin> Calibrate(IReadOnlyList<double> predicted, IReadOnlyList<bool> actual)
    {
        var bins = new List<CalibrationBin>();
        for (var b = 0; b < Bins; b++)
        {
            double from = (double)b / Bins, to = (double)(b + 1) / Bins;
            var members = Enumerable.Range(0, predicted.Count)
                .Where(i => predicted[i] >= from && (predicted[i] < to || (b == Bins - 1 && predicted[i] <= to))).ToArray();
            if (members.Length == 0) continue;
            bins.Add(new CalibrationBin(from, to, members.Length, members.Average(i => predicted[i]), members.Count(i => actual[i]) / (double)members.Length));
        }
        return bins;
    }
}
