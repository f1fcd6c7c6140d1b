using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.ML.Segmentation;

/// <summary>
/// The one feature builder of segmentation, for training and serving: recency, frequency and monetary
/// value (log-scaled, so a few very large customers do not own the scale), then the reduced customer
/// embedding when the model has one.
/// </summary>
public static class SegmentFeatures
{
    /// <summary>Days since the last purchase of a customer who never bought ("longer than any history").</summary>
    public const double NeverDays = 400;

    public static readonly IReadOnlyList<string> RfmNames = ["recency", "frequency", "monetary"];

    public static float[] Of(CustomerActivity customer, DateTimeOffset now, TasteProjection? taste)
    {
        var daysSince = customer.LastPurchaseAt is { } last ? Math.Clamp((now - last).TotalDays, 0, NeverDays) : NeverDays;
        float[] rfm = [(float)Math.Log(1 + daysSince), (float)Math.Log(1 + customer.PurchaseDays), (float)Math.Log(1 + Math.Max(0, customer.Revenue))];
        return taste is null ? rfm : [.. rfm, .. taste.Project(customer)];
    }
}
