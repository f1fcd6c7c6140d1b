namespace PersonalizationEngine.ML.Propensity;

/// <summary>
/// One training or test example: features at a cut-off and what happened in the horizon after it; a kept
/// example of a sampled share weighs what it stands for (<see cref="NegativeSample"/>). A customer's pairs
/// share one array of the customer's features (<paramref name="Shared"/>, ahead of each pair's own
/// <paramref name="Features"/>): a training window holds one copy of them per customer, not one per pair.
/// A value type, so that a window's list of rows is one array rather than an object per row for the
/// collector to trace and copy while the engine serves.
/// </summary>
public readonly record struct LabeledRow(string CustomerId, float[] Features, bool Label, float Weight = 1, float[]? Shared = null)
{
    public int FeatureCount => (Shared?.Length ?? 0) + Features.Length;

    public float FeatureAt(int index) => Shared is { } shared && index < shared.Length ? shared[index] : Features[index - (Shared?.Length ?? 0)];

    /// <summary>The whole feature vector (the shared part, then the row's own), as a new array where there is a shared part.</summary>
    public float[] AllFeatures() => Shared is null ? Features : [.. Shared, .. Features];
}
