namespace PersonalizationEngine.ML.Sentiment;

public enum SentimentLabel
{
    Negative,
    Neutral,
    Positive,
}
