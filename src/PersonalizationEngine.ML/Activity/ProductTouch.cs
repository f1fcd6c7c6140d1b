namespace PersonalizationEngine.ML.Activity;

/// <summary>When a customer last viewed, carted and bought one product, and how often they bought it.</summary>
public sealed class ProductTouch
{
    public DateTimeOffset? LastViewedAt { get; set; }
    public DateTimeOffset? LastCartedAt { get; set; }
    public DateTimeOffset? FirstPurchasedAt { get; set; }
    public DateTimeOffset? LastPurchasedAt { get; set; }
    public int Purchases { get; set; }

    public DateTimeOffset LastTouchedAt => Latest(Latest(LastViewedAt, LastCartedAt), LastPurchasedAt) ?? DateTimeOffset.MinValue;

    internal static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
