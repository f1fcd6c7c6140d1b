namespace PersonalizationEngine.ML.Sentiment;

/// <summary>How the default (bag of n-grams) sentiment model is built and how its probabilities map to labels.</summary>
public sealed record SentimentOptions
{
    /// <summary>Word n-grams up to this length (all shorter ones included).</summary>
    public int WordNgrams { get; init; } = 2;

    /// <summary>Character n-grams of this length (0: none); they catch misspellings and word stems.</summary>
    public int CharNgrams { get; init; } = 5;

    /// <summary>L2 regularization of the logistic regression.</summary>
    public float L2 { get; init; } = 0.03f;

    /// <summary>Texts with P(positive) within this distance of 0.5 are labelled neutral.</summary>
    public double NeutralBand { get; init; } = 0.15;

    /// <summary>What the classifier reads: n-grams, the sentence encoder's embedding, or both.</summary>
    public SentimentFeatures Features { get; init; } = SentimentFeatures.NGrams;

    public int Seed { get; init; } = 42;
}
