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
        "purchase_overdue", "last_purchase_gap", "median_purchase_gap", "purchase_gap_variation", "median_gap_overdue",
        "distinct_products", "repeat_product_share", "active_months", "bought_products_sales_30d", "bought_products_momentum",
    ];

    public static readonly IReadOnlyList<string> PairNames =
    [
        .. CustomerNames,
        "days_since_viewed_product", "days_since_carted_product", "days_since_bought_product", "times_bought_product",
        "category_share", "price", "product_purchases_7d", "product_purchases_30d", "product_purchases_90d",
        "product_views_30d", "product_revenue_30d", "taste_score", "product_order_share",
        "product_purchase_interval", "product_purchase_overdue", "days_since_first_bought_product",
        "product_review_score", "product_reviews",
    ];

    /// <summary>Churn features: the customer, and how the products they bought sell now.</summary>
    public static float[] ForCustomer(CustomerActivity customer, IProductFactsSource products, DateTimeOffset now)
    {
        var features = new float[CustomerNames.Count];
        WriteCustomer(customer, products, now, features);
        return features;
    }

    /// <summary>Purchase-propensity features of a customer and a product; <paramref name="taste"/> is the embedding score (0 without a model).</summary>
    public static float[] ForPair(CustomerActivity customer, string productId, IProductFactsSource products, float taste, DateTimeOffset now)
    {
        var product = products.FactsOf(productId);
        return ForPair(ForCustomer(customer, products, now), customer, productId, product, taste, customer.CategoryShare(product.Category, product.CategoryOf), now);
    }

    /// <summary>
    /// As above, with the customer's features (<see cref="ForCustomer"/>) and share of the product's category
    /// given: they are the same for every product (of a category), so a caller scoring many products
    /// computes them once.
    /// </summary>
    public static float[] ForPair(
        float[] customerFeatures, CustomerActivity customer, string productId, ProductFacts product, float taste, double categoryShare, DateTimeOffset now)
    {
        var features = new float[PairNames.Count];
        customerFeatures.CopyTo(features, 0);
        WritePair(features.AsSpan(CustomerNames.Count), customer, productId, product, taste, categoryShare, now);
        return features;
    }

    /// <summary>The features <see cref="ForPair"/> adds to the customer's: those of the product and of the customer with it.</summary>
    public static float[] OfPair(CustomerActivity customer, string productId, ProductFacts product, float taste, double categoryShare, DateTimeOffset now)
    {
        var features = new float[PairNames.Count - CustomerNames.Count];
        WritePair(features, customer, productId, product, taste, categoryShare, now);
        return features;
    }

    private static void WritePair(Span<float> destination, CustomerActivity customer, string productId, ProductFacts product, float taste, double categoryShare, DateTimeOffset now)
    {
        var touch = customer.Products.GetValueOrDefault(productId); // never touched: the default, no times and no purchases
        var week = product.Activity.Last(7, now);
        var month = product.Activity.Last(30, now);
        // The customer's usual days between purchases of this product (restocking), and how far past it they are.
        var interval = touch is { Purchases: > 1, FirstPurchasedAt: { } first, LastPurchasedAt: { } last }
            ? (float)Math.Clamp((last - first).TotalDays / (touch.Purchases - 1), 0.5, NeverDays)
            : NeverDays;
        var sinceBought = DaysSince(touch.LastPurchasedAt, now);
        var quarter = product.Activity.Last(90, now);
        Span<float> pair =
        [
            DaysSince(touch.LastViewedAt, now), DaysSince(touch.LastCartedAt, now), sinceBought,
            Log(touch.Purchases), (float)categoryShare, Log(product.Price),
            Log(week.Purchases), Log(month.Purchases), Log(quarter.Purchases), Log(month.Views), Log(month.Revenue), taste,
            // How often the customer's orders included this product: habitual purchases come back.
            customer.PurchaseDays > 0 ? (float)Math.Min(1, (double)touch.Purchases / customer.PurchaseDays) : 0,
            interval, interval < NeverDays ? Math.Min(50, sinceBought / interval) : 50, DaysSince(touch.FirstPurchasedAt, now),
            // What the product's reviews say (0 and 0 where it has none).
            (float)product.Reviews.MeanScore, Log(product.Reviews.Count),
        ];
        pair.CopyTo(destination);
    }

    private static void WriteCustomer(CustomerActivity c, IProductFactsSource products, DateTimeOffset now, Span<float> destination)
    {
        var week = c.Daily.Last(7, now);
        var month = c.Daily.Last(30, now);
        var quarter = c.Daily.Last(90, now);
        var tenure = DaysSince(c.FirstSeenAt, now);
        var daysPerPurchaseDay = c.PurchaseDays > 0 ? Math.Min(NeverDays, tenure / c.PurchaseDays) : NeverDays;
        var sinceLastPurchase = DaysSince(c.LastPurchaseAt, now);
        var rhythm = PurchaseRhythm.Of(c.PurchaseDayHistory, DailyActivity.DayOf(now));
        var (bought, repeated) = ProductsBoughtAndRepeated(c);
        var (sales, momentum) = BoughtProductsTrend(c, products, now);
        Span<float> values =
        [
            sinceLastPurchase, tenure, DaysSince(c.LastSeenAt, now),
            Log(c.PurchaseDays), Log(c.Revenue), Log(c.PurchaseDays > 0 ? c.Revenue / c.PurchaseDays : 0),
            daysPerPurchaseDay,
            Log(week.Purchases), Log(month.Purchases), Log(quarter.Purchases), Log(week.Views), Log(month.Views), Log(quarter.Views),
            Log(week.Carts), Log(month.Carts), Log(month.Revenue), Log(quarter.Revenue), month.ActiveDays, quarter.ActiveDays,
            // Time since the last order in units of the customer's usual gap between orders.
            c.PurchaseDays > 0 ? Math.Min(50, sinceLastPurchase / Math.Max(1, daysPerPurchaseDay)) : 50,
            Gap(rhythm.LastGap), Gap(rhythm.MedianGap), (float)(rhythm.Variation ?? -1),
            rhythm.MedianGap is { } median ? (float)Math.Min(50, sinceLastPurchase / Math.Max(1, median)) : 50,
            Log(bought), bought > 0 ? (float)repeated / bought : 0, rhythm.ActiveMonths, sales, momentum,
        ];
        values.CopyTo(destination);
    }

    /// <summary>Products the customer bought (of the tracked ones) and those bought more than once.</summary>
    private static (int Bought, int Repeated) ProductsBoughtAndRepeated(CustomerActivity c)
    {
        int bought = 0, repeated = 0;
        foreach (var touch in c.Products.Values)
        {
            if (touch.Purchases > 0) bought++;
            if (touch.Purchases > 1) repeated++;
        }
        return (bought, repeated);
    }

    /// <summary>
    /// How the customer's bought products sell now: mean log purchases over the last 30 days, and mean log
    /// change against the 30 days before. A customer whose products are in season is likely to come back.
    /// </summary>
    private static (float Sales, float Momentum) BoughtProductsTrend(CustomerActivity c, IProductFactsSource products, DateTimeOffset now)
    {
        double sales = 0, momentum = 0;
        var count = 0;
        foreach (var (productId, touch) in c.Products)
        {
            if (touch.Purchases == 0) continue;
            var activity = products.ActivityOf(productId);
            var month = activity.Last(30, now).Purchases;
            var before = activity.Last(60, now).Purchases - month;
            sales += Math.Log(1 + month);
            momentum += Math.Log(1 + month) - Math.Log(1 + before);
            count++;
        }
        return count == 0 ? (0, 0) : ((float)(sales / count), (float)(momentum / count));
    }

    private static float Gap(double? days) => days is { } d ? (float)Math.Min(d, NeverDays) : NeverDays;

    private static float DaysSince(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t ? (float)Math.Clamp((now - t).TotalDays, 0, NeverDays) : NeverDays;

    private static float Log(double count) => (float)Math.Log(1 + Math.Max(0, count));
}
