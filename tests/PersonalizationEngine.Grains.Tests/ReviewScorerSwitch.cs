using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.ML.Synthetic;

namespace PersonalizationEngine.Grains.Tests;

/// <summary>
/// The test silo's review scorer: a real sentiment model trained on generated reviews, which a test can
/// take out of service to see how product grains behave before any model is published.
/// </summary>
public sealed class ReviewScorerSwitch : IReviewScorer
{
    public static readonly ReviewScorerSwitch Instance = new();

    private static readonly Lazy<SentimentModel> Model = new(() => SentimentModel.Train(SyntheticReviews.Corpus(1_000, seed: 3), new SentimentOptions()));

    private volatile bool _serving = true;

    public bool Serving
    {
        get => _serving;
        set => _serving = value;
    }

    public SentimentPrediction? Score(string text) => _serving ? Model.Value.Predict(text) : null;
}
