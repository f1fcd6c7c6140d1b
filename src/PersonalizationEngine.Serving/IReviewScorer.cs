using PersonalizationEngine.ML.Sentiment;

namespace PersonalizationEngine.Serving;

/// <summary>The silo's serving sentiment model, as the live catalog uses it to score each committed review once.</summary>
public interface IReviewScorer
{
    /// <summary>One prediction per text, in order, all by the same model; null while no sentiment model serves yet.</summary>
    SentimentPrediction[]? ScoreAll(IReadOnlyList<string> texts);
}
