namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// How a trained model's ranking mixes its signals, as chosen on the training's validation split and
/// published with the model: the live signals' weights (this session's co-interactions, category
/// affinity, popularity) and, of the rest, the share of item-to-item history matches against factor taste
/// (item-to-item wins on basket data like Online Retail, factors on MovieLens).
/// </summary>
/// <param name="HistoryHalfLife">
/// How fast a product of the history loses its say in the history matches, by how long before the customer's
/// latest interaction they last touched it; null when every product counts the same (on MovieLens' random split
/// recency says nothing; on Online Retail's next purchases it does).
/// </param>
public sealed record ServedBlend(
    double HistoryShare, double CoInteraction = 0.1, double CategoryAffinity = 0.05, double Popularity = 0.05, TimeSpan? HistoryHalfLife = null)
{
    /// <summary>Used when training did not choose one (and for snapshots saved before blends were chosen).</summary>
    public static ServedBlend Default { get; } = new(0.5);

    /// <summary>The ranker's weights: the learned signals share what the live ones leave.</summary>
    public BlendWeights Weights
    {
        get
        {
            var learned = Math.Max(0, 1 - CoInteraction - CategoryAffinity - Popularity);
            return new BlendWeights(CoInteraction, CategoryAffinity, Popularity, Taste: learned * (1 - HistoryShare), History: learned * HistoryShare);
        }
    }

    public override string ToString() =>
        FormattableString.Invariant($"history share {HistoryShare:0.##}, history half-life {HalfLifeText}, co-interaction {CoInteraction:0.##}, category {CategoryAffinity:0.##}, popularity {Popularity:0.##}");

    private string HalfLifeText => HistoryHalfLife is { } halfLife ? FormattableString.Invariant($"{halfLife.TotalDays:0.##} d") : "none";
}
