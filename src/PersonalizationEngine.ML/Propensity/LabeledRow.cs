namespace PersonalizationEngine.ML.Propensity;

/// <summary>One training or test example: features at a cut-off and what happened in the horizon after it.</summary>
public sealed record LabeledRow(string CustomerId, float[] Features, bool Label);
