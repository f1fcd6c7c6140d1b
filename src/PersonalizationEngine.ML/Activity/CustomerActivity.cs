namespace PersonalizationEngine.ML.Activity;

/// <summary>
/// Everything the propensity and churn features need about one customer, kept up to date one event at a
/// time. The customer grain holds one (serving) and training replays the event log into one per customer
/// up to a cut-off: the same code builds both, so the features cannot drift apart. Memory is bounded:
/// day buckets for 90 days, the latest <see cref="TrackedProducts"/> products and
/// <see cref="TrackedCategories"/> categories.
/// </summary>
public sealed class CustomerActivity
{
    public const int TrackedProducts = 200;
    public const int TrackedCategories = 30;
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
    /// <summary>Time-decayed interaction weight per category, as of <see cref="CategoryWeightsAt"/>.</summary>
    public Dictionary<string, double> CategoryWeights { get; set; } = new(StringComparer.Ordinal);
    public DateTimeOffset? CategoryWeightsAt { get; set; }
    /// <summary>Days (see <see cref="DailyActivity.DayOf"/>) with a purchase, to count occasions once.</summary>
    public HashSet<int> RecentPurchaseDays { get; set; } = [];

    public void Add(BehaviourKind kind, string? productId, string? category, double value, DateTimeOffset occurredAt)
    {
        FirstSeenAt = FirstSeenAt is { } first && first < occurredAt ? first : occurredAt;
        LastSeenAt = ProductTouch.Latest(LastSeenAt, occurredAt);
        Daily.Add(kind, value, occurredAt);
        if (kind == BehaviourKind.Purchase) AddPurchase(value, occurredAt);
        if (productId is not null) Touch(productId, kind, occurredAt);
        if (!string.IsNullOrEmpty(category)) AddCategoryWeight(category, kind, occurredAt);
    }

    /// <summary>The customer's products weighted like the recommendation model's training (purchase > cart > view), to fold them in.</summary>
    public IEnumerable<(string ProductId, float Weight)> WeightedProducts() =>
        Products.Select(p => (p.Key, BehaviourKind.Purchase.Weight() * p.Value.Purchases
            + (p.Value.LastCartedAt is null ? 0 : BehaviourKind.AddToCart.Weight()) + (p.Value.LastViewedAt is null ? 0 : BehaviourKind.View.Weight())));

    /// <summary>The category's share of the customer's decayed interaction weight (0 when unknown).</summary>
    public double CategoryShare(string? category)
    {
        if (string.IsNullOrEmpty(category)) return 0;
        var total = CategoryWeights.Values.Sum();
        return total > 0 ? CategoryWeights.GetValueOrDefault(category) / total : 0;
    }

    private void AddPurchase(double value, DateTimeOffset occurredAt)
    {
        Revenue += Math.Max(0, value);
        LastPurchaseAt = ProductTouch.Latest(LastPurchaseAt, occurredAt);
        var day = DailyActivity.DayOf(occurredAt);
        if (RecentPurchaseDays.Add(day)) PurchaseDays++;
        // Only days near the newest can still receive lines of the same order.
        if (RecentPurchaseDays.Count > 8) RecentPurchaseDays.RemoveWhere(d => d < RecentPurchaseDays.Max() - 7);
    }

    private void Touch(string productId, BehaviourKind kind, DateTimeOffset occurredAt)
    {
        if (!Products.TryGetValue(productId, out var touch))
        {
            if (Products.Count >= TrackedProducts) Products.Remove(Products.MinBy(p => p.Value.LastTouchedAt).Key);
            touch = new ProductTouch();
            Products.Add(productId, touch);
        }
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

    private void AddCategoryWeight(string category, BehaviourKind kind, DateTimeOffset occurredAt)
    {
        double weight = kind.Weight();
        var at = CategoryWeightsAt ?? occurredAt;
        if (occurredAt > at)
        {
            // Age what is there to the new event's time (shares are what features use, so only relative age matters).
            var factor = Decay(occurredAt - at);
            foreach (var key in CategoryWeights.Keys) CategoryWeights[key] *= factor;
            CategoryWeightsAt = occurredAt;
        }
        else
        {
            weight *= Decay(at - occurredAt);
            CategoryWeightsAt = at;
        }
        CategoryWeights[category] = CategoryWeights.GetValueOrDefault(category) + weight;
        if (CategoryWeights.Count > TrackedCategories) CategoryWeights.Remove(CategoryWeights.MinBy(c => c.Value).Key);
    }

    private static double Decay(TimeSpan age) => Math.Pow(0.5, age / CategoryHalfLife);
}
