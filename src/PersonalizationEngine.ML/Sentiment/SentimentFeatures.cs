namespace PersonalizationEngine.ML.Sentiment;

/// <summary>What the sentiment classifier reads.</summary>
public enum SentimentFeatures
{
    /// <summary>Word and character n-grams, TF-IDF weighted.</summary>
    NGrams,

    /// <summary>The pretrained sentence encoder's embedding (<see cref="Text.TextEncoder"/>).</summary>
    Encoder,

    /// <summary>Both, side by side.</summary>
    Combined,
}
