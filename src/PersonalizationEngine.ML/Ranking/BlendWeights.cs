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

    /// <summary>
    /// With a trained model: its two learned signals lead, taste (factors) and history (item-to-item), split
    /// by <paramref name="historyShare"/>, which the trainer chooses on its validation split (item-to-item
    /// wins on basket data like Online Retail, factors on MovieLens); the live signals keep the list
    /// reacting to this session and to products newer than the model.
    /// </summary>
    public static BlendWeights Learned(double historyShare) =>
        new(CoInteraction: 0.1, CategoryAffinity: 0.05, Popularity: 0.05, Taste: 0.8 * (1 - historyShare), History: 0.8 * historyShare);
}
