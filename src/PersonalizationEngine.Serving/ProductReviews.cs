using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Decay;
using PersonalizationEngine.ML.Sentiment;

namespace PersonalizationEngine.Serving;

/// <summary>
/// What a product's scored reviews say, kept by the live catalog: counts per label, the sum of scores, and two
/// time-decayed sums (scores and weights, decayed alike) whose ratio is the recent trend. Decayed to the
/// newest review rather than the wall clock: the ratio is the same at any later time, and old history never
/// underflows to 0/0. Immutable: a reader never sees half an update.
/// </summary>
public sealed record ProductReviews(long Negative, long Neutral, long Positive, double ScoreSum, DecayedStrength DecayedScores, DecayedStrength DecayedWeights)
{
    public static readonly ProductReviews None = new(0, 0, 0, 0, default, default);

    public long Count => Negative + Neutral + Positive;

    /// <summary>Count and sum of scores, as the propensity features read them.</summary>
    public ReviewScores Scores => new((int)Math.Min(Count, int.MaxValue), ScoreSum);

    public ProductReviews Add(SentimentPrediction review, DateTimeOffset at, TimeSpan halfLife) => new(
        Negative + (review.Label == SentimentLabel.Negative ? 1 : 0),
        Neutral + (review.Label == SentimentLabel.Neutral ? 1 : 0),
        Positive + (review.Label is not (SentimentLabel.Negative or SentimentLabel.Neutral) ? 1 : 0),
        ScoreSum + review.Score,
        Decayed(DecayedScores, review.Score, at, halfLife),
        Decayed(DecayedWeights, 1, at, halfLife));

    /// <param name="unscored">The product's reviews still waiting for a sentiment model.</param>
    public ProductSentiment ToSentiment(long unscored) => new(
        Count == 0 ? 0 : ScoreSum / Count, Negative, Neutral, Positive,
        DecayedWeights.Value > 0 ? DecayedScores.Value / DecayedWeights.Value : 0, unscored);

    private static DecayedStrength Decayed(DecayedStrength sum, double amount, DateTimeOffset at, TimeSpan halfLife)
    {
        var (value, asOf) = ExponentialDecay.Add(sum.Value, sum.AsOf, amount, at, halfLife);
        return new DecayedStrength(value, asOf);
    }
}
