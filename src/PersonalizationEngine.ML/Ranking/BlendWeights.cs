namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// How much each signal counts in <see cref="BlendRanker"/>. Each signal is scaled to [0, 1] first, so
/// weights that sum to 1 keep the score in [0, 1].
/// </summary>
public sealed record BlendWeights(double CoInteraction, double CategoryAffinity, double Popularity, double Taste = 0)
{
    /// <summary>Live signals only (no trained model yet).</summary>
    public static BlendWeights Default { get; } = new(0.5, 0.3, 0.2);

    /// <summary>With a trained model: its taste leads; the live signals keep the list reacting to this session.</summary>
    public static BlendWeights WithTaste { get; } = new(0.25, 0.15, 0.1, 0.5);
}
