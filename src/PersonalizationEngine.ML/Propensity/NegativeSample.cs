namespace PersonalizationEngine.ML.Propensity;

/// <summary>
/// A seeded random share of the non-purchase pairs, decided as each pair is met, before its features are built:
/// a window of examples holds only the pairs that train, where building every pair and sampling afterwards
/// held all of them for the whole training. A kept negative weighs 1 / rate, so probabilities stay calibrated.
/// </summary>
public sealed class NegativeSample(double rate, Random random)
{
    private readonly float _negativeWeight = (float)(1 / Math.Min(1, rate));

    /// <summary>Whether the next example with this label is kept: every positive; a negative by chance (every one at a rate of 1 or more).</summary>
    public bool Keeps(bool label) => label || Draws(rate);

    /// <summary>
    /// The same sample at <paramref name="share"/> if that is lower than its rate (drawing from the same random
    /// stream), else this one.
    /// </summary>
    public NegativeSample AtMost(double share) => share < rate ? new NegativeSample(share, random) : this;

    /// <summary>Whether the next customer is kept when only <paramref name="share"/> of them may be (all, drawing nothing, at 1 or more).</summary>
    public bool KeepsCustomer(double share) => Draws(share);

    /// <summary>What a kept example with this label weighs.</summary>
    public float WeightOf(bool label) => label ? 1 : _negativeWeight;

    /// <summary>True with probability <paramref name="share"/>; at 1 or more without drawing, so the random stream moves only when it decides.</summary>
    private bool Draws(double share) => share >= 1 || random.NextDouble() < share;

    /// <summary>All positives of <paramref name="rows"/> and this share of the negatives, weighted.</summary>
    public List<LabeledRow> Of(IEnumerable<LabeledRow> rows) =>
        rows.Where(r => Keeps(r.Label)).Select(r => r.Label ? r : r with { Weight = WeightOf(r.Label) }).ToList();
}
