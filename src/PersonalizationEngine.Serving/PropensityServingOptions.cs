using System.ComponentModel.DataAnnotations;

namespace PersonalizationEngine.Serving;

/// <summary>The purchase-propensity and churn models: their horizon, training and serving limits (section "Engine:Propensity").</summary>
public sealed class PropensityServingOptions : ScheduledModelOptions
{
    public const string Section = "Engine:Propensity";

    /// <summary>"Buys within N days" and "no purchase within N days".</summary>
    [Range(1, 365)]
    public int HorizonDays { get; set; } = 30;

    /// <summary>Cut-offs, one horizon apart, whose examples train the models; the log needs one more horizon of history than this.</summary>
    [Range(1, 24)]
    public int TrainingWindows { get; set; } = 8;

    /// <summary>
    /// About how many customer–product pairs one window of examples holds at most: what bounds the training's memory
    /// on a large shop (a window past it keeps fewer of its non-purchase pairs, and the held-out one fewer customers).
    /// </summary>
    [Range(10_000, 100_000_000)]
    public int MaxPairsPerWindow { get; set; } = 300_000;

    /// <summary>Use the customer–product embedding score of the recommendation model as a feature.</summary>
    public bool UseTaste { get; set; } = true;

    /// <summary>Most products one GetPurchasePropensity call may ask about.</summary>
    [Range(1, 10_000)]
    public int MaxProductsPerRequest { get; set; } = 100;

    /// <summary>A candidate whose held-out purchase AUC is more than this below the serving model's is not published.</summary>
    [Range(0.0, 1.0)]
    public double AucTolerance { get; set; } = 0.01;
}
