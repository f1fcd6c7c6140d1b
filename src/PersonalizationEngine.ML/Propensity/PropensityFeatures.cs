using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>
/// The one feature builder of the propensity and churn models, used by training and by serving. Counts
/// are log-scaled and durations capped, so the trees see the same ranges in every shop.
/// </summary>
public static class PropensityFeatures
{
    /// <summary>A duration longer than any history ("never").</summary>
    private const float NeverDays = 400;

    public static readonly IReadOnlyList<string> CustomerNames =
    [
        "days_since_last_purchase", "days_since_first_seen", "days_since_last_seen",
        "purchase_days", "revenue", "revenue_per_purchase_day", "days_per_purchase_day",
        "purchases_7d", "purchases_30d", "purchases_90d", "views_7d", "views_30d", "views_90d",
        "carts_7d", "carts_30d", "revenue_30d", "revenue_90d", "active_days_30d", "active_days_90d",
        "purchase_overdue",
    ];

    public static readonly IReadOnlyList<string> PairNames =
    [
        .. CustomerNames,
        "days_since_viewed_product", "days_since_carted_product", "days_since_bought_product", "times_bought_product",
        "category_share", "price", "product_purchases_7d", "product_purchases_30d", "product_purchases_90d",
        "product_views_30d", "product_revenue_30d", "taste_score", "product_order_share",
        "product_purchase_interval", "product_purchase_overdue",
    ];

    /// <summary>Churn features: the customer alone.</summary>
    public static float[] ForCustomer(CustomerActivity customer, DateTimeOffset now)
    {
        var features = new float[CustomerNames.Count];
        WriteCustomer(customer, now, features);
        return features;
    }

    /// <summary>Purchase-propensity features of a customer and a product; <paramref name="taste"/> is the embedding score (0 without a model).</summary>
    public static float[] ForPair(CustomerActivity customer, string productId, ProductFacts product, float taste, DateTimeOffset now) =>
        ForPair(customer, productId, product, taste, customer.CategoryShare(product.Category, product.CategoryOf), now);

    /// <summary>
    /// As above, with the customer's share of the product's category given: it is the same for every
    /// product of a category, so a caller scoring many products computes it once per category.
    /// </summary>
    public static float[] ForPair(CustomerActivity customer, string productId, ProductFacts product, float taste, double categoryShare, DateTimeOffset now)
    {
        var features = new float[PairNames.Count];
        WriteCustomer(customer, now, features);
        var touch = customer.Products.GetValueOrDefault(productId);
        var week = product.Activity.Last(7, now);
        var month = product.Activity.Last(30, now);
        // The customer's usual days between purchases of this product (restocking), and how far past it they are.
        var interval = touch is { Purchases: > 1, FirstPurchasedAt: { } first, LastPurchasedAt: { } last }
            ? (float)Math.Clamp((last - first).TotalDays / (touch.Purchases - 1), 0.5, NeverDays)
            : NeverDays;
        var sinceBought = DaysSince(touch?.LastPurchasedAt, now);
        var quarter = product.Activity.Last(90, now);
        Span<float> pair =
        [
            DaysSince(touch?.LastViewedAt, now), DaysSince(touch?.LastCartedAt, now), sinceBought,
            Log(touch?.Purchases ?? 0), (float)categoryShare, Log(product.Price),
            Log(week.Purchases), Log(month.Purchases), Log(quarter.Purchases), Log(month.Views), Log(month.Revenue), taste,
            // How often the customer's orders included this product: habitual purchases come back.
            customer.PurchaseDays > 0 ? (float)Math.Min(1, (double)(touch?.Purchases ?? 0) / customer.PurchaseDays) : 0,
            interval, interval < NeverDays ? Math.Min(50, sinceBought / interval) : 50,
        ];
        pair.CopyTo(features.AsSpan(CustomerNames.Count));
        return features;
    }

    private static void WriteCustomer(CustomerActivity c, DateTimeOffset now, Span<float> destination)
    {
        var week = c.Daily.Last(7, now);
        var month = c.Daily.Last(30, now);
        var quarter = c.Daily.Last(90, now);
        var tenure = DaysSince(c.FirstSeenAt, now);
        var daysPerPurchaseDay = c.PurchaseDays > 0 ? Math.Min(NeverDays, tenure / c.PurchaseDays) : NeverDays;
        var sinceLastPurchase = DaysSince(c.LastPurchaseAt, now);
        Span<float> values =
        [
            sinceLastPurchase, tenure, DaysSince(c.LastSeenAt, now),
            Log(c.PurchaseDays), Log(c.Revenue), Log(c.PurchaseDays > 0 ? c.Revenue / c.PurchaseDays : 0),
            daysPerPurchaseDay,
            Log(week.Purchases), Log(month.Purchases), Log(quarter.Purchases), Log(week.Views), Log(month.Views), Log(quarter.Views),
            Log(week.Carts), Log(month.Carts), Log(month.Revenue), Log(quarter.Revenue), month.ActiveDays, quarter.ActiveDays,
            // Time since the last order in units of the customer's usual gap between orders.
            c.PurchaseDays > 0 ? Math.Min(50, sinceLastPurchase / Math.Max(1, daysPerPurchaseDay)) : 50,
        ];
        values.CopyTo(destination);
    }

    private static float DaysSince(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t ? (float)Math.Clamp((now - t).TotalDays, 0, NeverDays) : NeverDays;

    private static float Log(double count) => (float)Math.Log(1 + Math.Max(0, count));
}
