using System.Runtime.InteropServices;

namespace PersonalizationEngine.ML.Activity;

/// <summary>
/// Everything the propensity and churn features need about one customer, kept up to date one event at a
/// time. Serving keeps one per customer and training replays the event log into one per customer up to a
/// cut-off: the same code builds both, so the features cannot drift apart. It needs no catalog (category
/// affinity is computed from the touched products and a category lookup when features are built), so
/// it can live where the customer's events arrive. Memory is bounded: day buckets for 90 days and the
/// latest <see cref="TrackedProducts"/> products.
/// </summary>
public sealed class CustomerActivity
{
    public const int TrackedProducts = 200;
    /// <summary>How many of the newest purchase days are kept, for the rhythm of the customer's orders.</summary>
    public const int TrackedPurchaseDays = 16;
    /// <summary>Category affinity forgets: an interaction counts half after this long.</summary>
    public static readonly TimeSpan CategoryHalfLife = TimeSpan.FromDays(30);

    public DateTimeOffset? FirstSeenAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    public DateTimeOffset? LastPurchaseAt { get; set; }
    /// <summary>Distinct days with a purchase: an order of many lines is one occasion.</summary>
    public int PurchaseDays { get; set; }
    public double Revenue { get; set; }
    public DailyActivity Daily { get; set; } = new();
    public Dictionary<string, ProductTouch> Products { get; set; } = new(StringComparer.Ordinal);
    /// <summary>
    /// Every day (see <see cref="DailyActivity.DayOf"/>) with a purchase, to count occasions once however
    /// late a line of an old order arrives: a customer buys on a few hundred days at most.
    /// </summary>
    public HashSet<int> RecentPurchaseDays { get; set; } = [];
    /// <summary>The newest <see cref="TrackedPurchaseDays"/> distinct purchase days, oldest first.</summary>
    public List<int> PurchaseDayHistory { get; set; } = [];

    public void Add(BehaviourKind kind, string? productId, double value, DateTimeOffset occurredAt)
    {
        FirstSeenAt = FirstSeenAt is { } first && first < occurredAt ? first : occurredAt;
        LastSeenAt = ProductTouch.Latest(LastSeenAt, occurredAt);
        Daily.Add(kind, value, occurredAt);
        if (kind == BehaviourKind.Purchase) AddPurchase(value, occurredAt);
        if (productId is not null) Touch(productId, kind, occurredAt);
    }

    /// <summary>The customer's products weighted like the recommendation model's training (purchase > cart > view), to fold them in.</summary>
    public IEnumerable<(string ProductId, float Weight)> WeightedProducts() =>
        Products.Select(p => (p.Key, BehaviourKind.Purchase.Weight() * p.Value.Purchases
            + (p.Value.LastCartedAt is null ? 0 : BehaviourKind.AddToCart.Weight()) + (p.Value.LastViewedAt is null ? 0 : BehaviourKind.View.Weight())));

    /// <summary>
    /// The category's share of the customer's interaction weight over the touched products, each product
    /// counting half after <see cref="CategoryHalfLife"/> (relative to the customer's latest event).
    /// </summary>
    public double CategoryShare(string? category, Func<string, string?> categoryOf)
    {
        if (string.IsNullOrEmpty(category) || LastSeenAt is not { } latest) return 0;
        double inCategory = 0, total = 0;
        foreach (var (productId, weight) in WeightedProducts())
        {
            var decayed = weight * Math.Pow(0.5, (latest - Products[productId].LastTouchedAt) / CategoryHalfLife);
            total += decayed;
            if (categoryOf(productId) == category) inCategory += decayed;
        }
        return total > 0 ? inCategory / total : 0;
    }

    private void AddPurchase(double value, DateTimeOffset occurredAt)
    {
        Revenue += Math.Max(0, value);
        LastPurchaseAt = ProductTouch.Latest(LastPurchaseAt, occurredAt);
        var day = DailyActivity.DayOf(occurredAt);
        if (!RecentPurchaseDays.Add(day)) return;
        PurchaseDays++;
        RememberPurchaseDay(day);
    }

    private void RememberPurchaseDay(int day)
    {
        var index = PurchaseDayHistory.BinarySearch(day);
        if (index >= 0) return;
        PurchaseDayHistory.Insert(~index, day);
        if (PurchaseDayHistory.Count > TrackedPurchaseDays) PurchaseDayHistory.RemoveAt(0);
    }

    private void Touch(string productId, BehaviourKind kind, DateTimeOffset occurredAt)
    {
        if (Products.Count >= TrackedProducts && !Products.ContainsKey(productId)) Products.Remove(Products.MinBy(p => p.Value.LastTouchedAt).Key);
        ref var touch = ref CollectionsMarshal.GetValueRefOrAddDefault(Products, productId, out _);
        switch (kind)
        {
            case BehaviourKind.View: touch.LastViewedAt = ProductTouch.Latest(touch.LastViewedAt, occurredAt); break;
            case BehaviourKind.AddToCart: touch.LastCartedAt = ProductTouch.Latest(touch.LastCartedAt, occurredAt); break;
            case BehaviourKind.Purchase:
                touch.LastPurchasedAt = ProductTouch.Latest(touch.LastPurchasedAt, occurredAt);
                touch.FirstPurchasedAt = touch.FirstPurchasedAt is { } first && first < occurredAt ? first : occurredAt;
                touch.Purchases++;
                break;
        }
    }
}
