namespace PersonalizationEngine.ML.Sentiment;

/// <summary>A text with its binary sentiment label, from a labelled corpus or a rated review.</summary>
public sealed record LabelledText(string Text, bool Positive);
