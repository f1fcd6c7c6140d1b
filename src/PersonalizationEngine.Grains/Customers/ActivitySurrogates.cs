using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.Grains.Customers;

// The activity types live in the Orleans-free ML project; these surrogates let Orleans store and copy them.

[GenerateSerializer]
public struct DailyActivitySurrogate
{
    [Id(0)] public int LastDay;
    [Id(1)] public int[] Views;
    [Id(2)] public int[] Carts;
    [Id(3)] public int[] Purchases;
    [Id(4)] public double[] Revenue;
}

[RegisterConverter]
public sealed class DailyActivityConverter : IConverter<DailyActivity, DailyActivitySurrogate>
{
    public DailyActivity ConvertFromSurrogate(in DailyActivitySurrogate s) =>
        new() { LastDay = s.LastDay, Views = s.Views, Carts = s.Carts, Purchases = s.Purchases, Revenue = s.Revenue };

    public DailyActivitySurrogate ConvertToSurrogate(in DailyActivity a) =>
        new() { LastDay = a.LastDay, Views = a.Views, Carts = a.Carts, Purchases = a.Purchases, Revenue = a.Revenue };
}

[GenerateSerializer]
public struct ProductTouchSurrogate
{
    [Id(0)] public DateTimeOffset? LastViewedAt;
    [Id(1)] public DateTimeOffset? LastCartedAt;
    [Id(2)] public DateTimeOffset? FirstPurchasedAt;
    [Id(3)] public DateTimeOffset? LastPurchasedAt;
    [Id(4)] public int Purchases;
}

[RegisterConverter]
public sealed class ProductTouchConverter : IConverter<ProductTouch, ProductTouchSurrogate>
{
    public ProductTouch ConvertFromSurrogate(in ProductTouchSurrogate s) => new()
    {
        LastViewedAt = s.LastViewedAt, LastCartedAt = s.LastCartedAt, FirstPurchasedAt = s.FirstPurchasedAt,
        LastPurchasedAt = s.LastPurchasedAt, Purchases = s.Purchases,
    };

    public ProductTouchSurrogate ConvertToSurrogate(in ProductTouch t) => new()
    {
        LastViewedAt = t.LastViewedAt, LastCartedAt = t.LastCartedAt, FirstPurchasedAt = t.FirstPurchasedAt,
        LastPurchasedAt = t.LastPurchasedAt, Purchases = t.Purchases,
    };
}

[GenerateSerializer]
public struct CustomerActivitySurrogate
{
    [Id(0)] public DateTimeOffset? FirstSeenAt;
    [Id(1)] public DateTimeOffset? LastSeenAt;
    [Id(2)] public DateTimeOffset? LastPurchaseAt;
    [Id(3)] public int PurchaseDays;
    [Id(4)] public double Revenue;
    [Id(5)] public DailyActivity Daily;
    [Id(6)] public Dictionary<string, ProductTouch> Products;
    [Id(7)] public HashSet<int> RecentPurchaseDays;
    [Id(8)] public List<int>? PurchaseDayHistory;
}

[RegisterConverter]
public sealed class CustomerActivityConverter : IConverter<CustomerActivity, CustomerActivitySurrogate>
{
    public CustomerActivity ConvertFromSurrogate(in CustomerActivitySurrogate s) => new()
    {
        FirstSeenAt = s.FirstSeenAt, LastSeenAt = s.LastSeenAt, LastPurchaseAt = s.LastPurchaseAt, PurchaseDays = s.PurchaseDays,
        Revenue = s.Revenue, Daily = s.Daily, Products = new Dictionary<string, ProductTouch>(s.Products, StringComparer.Ordinal),
        RecentPurchaseDays = s.RecentPurchaseDays,
        // State stored before the history existed has none; it fills from the next purchases.
        PurchaseDayHistory = s.PurchaseDayHistory ?? [],
    };

    public CustomerActivitySurrogate ConvertToSurrogate(in CustomerActivity a) => new()
    {
        FirstSeenAt = a.FirstSeenAt, LastSeenAt = a.LastSeenAt, LastPurchaseAt = a.LastPurchaseAt, PurchaseDays = a.PurchaseDays,
        Revenue = a.Revenue, Daily = a.Daily, Products = a.Products, RecentPurchaseDays = a.RecentPurchaseDays,
        PurchaseDayHistory = a.PurchaseDayHistory,
    };
}
