namespace PersonalizationEngine.ML.Propensity;

/// <summary>
/// One training or test example: features at a cut-off and what happened in the horizon after it; a kept
/// example of a sampled share weighs what it stands for (<see cref="NegativeSample"/>).
/// </summary>
public sealed record LabeledRow(string CustomerId, float[] Features, bool Label, float Weight = 1);
