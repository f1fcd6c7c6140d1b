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
    /// <summary>
    /// Learn on log(1 + max(0, value)) minus its recent level instead of value over level: robust to zeros
    /// and one-off bulk orders (sparse daily demand); the forecast is then nearer the median than the mean.
    /// </summary>
    public bool LogScale { get; init; }
    /// <summary>
    /// With series that all end on the same calendar day (daily demand), the target's position in this
    /// period (7: its day of the week) as a feature; 0 for none (M4 series are not aligned).
    /// </summary>
    public int CalendarPeriod { get; init; }
    /// <summary>
    /// 0: one model per step ahead. Otherwise one model for every step, the step a feature, each training
    /// window teaching this many randomly drawn steps: a long horizon costs no more models.
    /// </summary>
    public int StepsPerWindow { get; init; }
}
