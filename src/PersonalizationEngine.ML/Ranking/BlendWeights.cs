namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// How much each signal counts in <see cref="BlendRanker"/>. Each signal is scaled to [0, 1] first, so
/// weights that sum to 1 keep the score in [0, 1].
/// </summary>
/// <param name="CoInteraction">Neighbors of the latest few products, newest weighing most (this session).</param>
/// <param name="History">The item-to-item model over the customer's whole history (<see cref="HistoryMatch"/>).</param>
public sealed record BlendWeights(double CoInteraction, double CategoryAffinity, double Popularity, double Taste = 0, double History = 0)
{
    /// <summary>Live signals only (no trained model yet).</summary>
    public static BlendWeights Default { get; } = new(0.5, 0.3, 0.2);
}
