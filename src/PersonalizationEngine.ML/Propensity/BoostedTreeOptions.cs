namespace PersonalizationEngine.ML.Propensity;

/// <summary>Gradient boosting settings (FastTree). The defaults were chosen on generated data and an earlier time window, never on the test period.</summary>
public sealed record BoostedTreeOptions
{
    public int Trees { get; init; } = 200;
    public int Leaves { get; init; } = 31;
    public int MinExamplesPerLeaf { get; init; } = 50;
    public double LearningRate { get; init; } = 0.1;
    /// <summary>Null: all cores.</summary>
    public int? Threads { get; init; }
    public int Seed { get; init; } = 42;
}
