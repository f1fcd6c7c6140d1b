namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// How much each signal counts in <see cref="BlendRanker"/>. Each signal is scaled to [0, 1] first, so
/// weights that sum to 1 keep the score in [0, 1].
/// </summary>
public sealed record BlendWeights(double CoInteraction, double CategoryAffinity, double Popularity)
{
    public static BlendWeights Default { get; } = new(0.5, 0.3, 0.2);
}
