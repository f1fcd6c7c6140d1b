namespace PersonalizationEngine.ML.Sentiment;

/// <summary>
/// One text's sentiment. <see cref="PositiveProbability"/> is the model's calibrated P(positive);
/// <see cref="Score"/> = 2·P(positive) − 1, in [−1, 1]; <see cref="Probability"/> is the probability of
/// the <see cref="Label"/> (for neutral: 1 − |score|, how close the text is to undecided).
/// </summary>
public readonly record struct SentimentPrediction(SentimentLabel Label, double Probability, double Score, double PositiveProbability)
{
    public static SentimentPrediction From(double positiveProbability, double neutralBand)
    {
        var p = Math.Clamp(positiveProbability, 0, 1);
        var score = 2 * p - 1;
        if (p >= 0.5 + neutralBand) return new SentimentPrediction(SentimentLabel.Positive, p, score, p);
        if (p <= 0.5 - neutralBand) return new SentimentPrediction(SentimentLabel.Negative, 1 - p, score, p);
        return new SentimentPrediction(SentimentLabel.Neutral, 1 - Math.Abs(score), score, p);
    }
}
