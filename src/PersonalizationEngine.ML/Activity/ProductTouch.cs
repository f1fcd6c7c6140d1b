namespace PersonalizationEngine.ML.Activity;

/// <summary>
/// When a customer last viewed, carted and bought one product, and how often they bought it; the default is a
/// product never touched. A value kept inside the customer's dictionary, not an object of its own: every active
/// customer and every customer a propensity training replays keeps up to 200 of these, and an object each was
/// that many more for the garbage collector to hold and trace.
/// </summary>
public struct ProductTouch
{
    // UTC ticks, 0 for never: four nullable DateTimeOffsets took twice the memory (the offset is not needed,
    // only the instant is ever compared).
    private long _lastViewed, _lastCarted, _firstPurchased, _lastPurchased;

    public DateTimeOffset? LastViewedAt { get => FromTicks(_lastViewed); set => _lastViewed = ToTicks(value); }
    public DateTimeOffset? LastCartedAt { get => FromTicks(_lastCarted); set => _lastCarted = ToTicks(value); }
    public DateTimeOffset? FirstPurchasedAt { get => FromTicks(_firstPurchased); set => _firstPurchased = ToTicks(value); }
    public DateTimeOffset? LastPurchasedAt { get => FromTicks(_lastPurchased); set => _lastPurchased = ToTicks(value); }
    public int Purchases { get; set; }

    public readonly DateTimeOffset LastTouchedAt => new(Math.Max(Math.Max(_lastViewed, _lastCarted), _lastPurchased), TimeSpan.Zero);

    internal static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? FromTicks(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    private static long ToTicks(DateTimeOffset? time) => time?.UtcTicks ?? 0;
}
