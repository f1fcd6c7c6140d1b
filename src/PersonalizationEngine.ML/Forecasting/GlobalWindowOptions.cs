namespace PersonalizationEngine.ML.Forecasting;

/// <summary>Settings of <see cref="GlobalWindowModel"/>. Defaults chosen on held-out training data (the last horizon of each series), never on test values.</summary>
public sealed record GlobalWindowOptions
{
    /// <summary>How many of the latest values the model sees.</summary>
    public int Window { get; init; } = 52;
    /// <summary>Training windows taken from each series, newest first.</summary>
    public int WindowsPerSeries { get; init; } = 150;
    public int Trees { get; init; } = 300;
    public int Leaves { get; init; } = 31;
    public int MinExamplesPerLeaf { get; init; } = 20;
    public double LearningRate { get; init; } = 0.1;
    /// <summary>Null: all cores.</summary>
    public int? Threads { get; init; }
    public int Seed { get; init; } = 42;
}
