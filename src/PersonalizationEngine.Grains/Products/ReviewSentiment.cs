using PersonalizationEngine.ML.Decay;
using PersonalizationEngine.ML.Sentiment;

namespace PersonalizationEngine.Grains.Products;

/// <summary>
/// A product's running sentiment aggregate: counts per label, the sum of scores, and two time-decayed sums
/// (scores and weights, decayed alike) whose ratio is the recent trend. Decayed to the newest review rather
/// than the wall clock: the ratio is the same at any later time, and old history never underflows to 0/0.
/// </summary>
[GenerateSerializer]
public sealed class ReviewSentiment
{
    [Id(0)] public long Negative { get; set; }
    [Id(1)] public long Neutral { get; set; }
    [Id(2)] public long Positive { get; set; }
    [Id(3)] public double ScoreSum { get; set; }
    [Id(4)] public DecayedStrength DecayedScores { get; set; }
    [Id(5)] public DecayedStrength DecayedWeights { get; set; }

    public long Count => Negative + Neutral + Positive;

    public double MeanScore => Count == 0 ? 0 : ScoreSum / Count;

    public double RecentTrend => DecayedWeights.Value > 0 ? DecayedScores.Value / DecayedWeights.Value : 0;

    public void Add(SentimentPrediction review, DateTimeOffset at, TimeSpan halfLife)
    {
        switch (review.Label)
        {
            case SentimentLabel.Negative: Negative++; break;
            case SentimentLabel.Neutral: Neutral++; break;
            default: Positive++; break;
        }
        ScoreSum += review.Score;
        DecayedScores = Decayed(DecayedScores, review.Score, at, halfLife);
        DecayedWeights = Decayed(DecayedWeights, 1, at, halfLife);
    }

    private static DecayedStrength Decayed(DecayedStrength sum, double amount, DateTimeOffset at, TimeSpan halfLife)
    {
        var (value, asOf) = ExponentialDecay.Add(sum.Value, sum.AsOf, amount, at, halfLife);
        return new DecayedStrength(value, asOf);
    }
}
