using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>How the propensity and churn models are built.</summary>
public sealed record PropensityOptions
{
    /// <summary>"Buys within N days" and "no purchase within N days".</summary>
    public int HorizonDays { get; init; } = 30;

    /// <summary>Cut-offs (one horizon apart) whose examples train a model.</summary>
    public int TrainingWindows { get; init; } = 8;

    /// <summary>
    /// Churn examples are cheap (one row per customer), so each window also takes them at this many evenly
    /// spaced cut-offs within the horizon before its own cut-off (1 = only at the window's cut-off); their
    /// labels end by the window's cut-off plus one horizon, so none reaches into a later window.
    /// </summary>
    public int ChurnCutoffsPerWindow { get; init; } = 4;

    /// <summary>The currently most bought products added to every customer's candidates.</summary>
    public int PopularCandidates { get; init; } = 20;

    /// <summary>Fraction of non-purchase pairs kept for training (the kept ones weigh 1/rate, so probabilities stay calibrated).</summary>
    public double NegativeSampleRate { get; init; } = 0.5;

    /// <summary>
    /// About how many purchase pairs one window of examples holds at most, so that training takes bounded memory
    /// at any shop size: past it a training window keeps a smaller share of its negatives (each weighing more), and
    /// the held-out window scores every pair of a random share of its customers (its metrics stay unbiased).
    /// </summary>
    public int MaxPairsPerWindow { get; init; } = 300_000;

    /// <summary>Use the customer–product embedding score (an ALS model trained on the events before each cut-off).</summary>
    public bool UseTaste { get; init; } = true;

    public ImplicitAlsOptions Als { get; init; } = new();

    /// <summary>Trees of the purchase-propensity model (hundreds of thousands of pairs).</summary>
    public BoostedTreeOptions Trees { get; init; } = new();

    /// <summary>
    /// Trees of the churn model: one row per customer and cut-off, so far less data; small trees (churn is
    /// mostly additive in recency, frequency and rhythm), slower learning.
    /// </summary>
    public BoostedTreeOptions ChurnTrees { get; init; } = new() { Trees = 300, Leaves = 4, MinExamplesPerLeaf = 100, LearningRate = 0.05 };

    public TimeSpan Horizon => TimeSpan.FromDays(HorizonDays);
}
