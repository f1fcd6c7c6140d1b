using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.Grains.Customers;

// The activity types live in the Orleans-free ML project; these surrogates let Orleans store and copy them.

/// <summary>
/// Days with activity as parallel arrays (<see cref="Days"/> and the counts at the same index). State written
/// before the activity was sparse has no <see cref="Days"/>: its count arrays are then a ring of
/// <see cref="DailyActivity.WindowDays"/> buckets, day d at index d % WindowDays.
/// </summary>
[GenerateSerializer]
public struct DailyActivitySurrogate
{
    [Id(0)] public int LastDay;
    [Id(1)] public int[] Views;
    [Id(2)] public int[] Carts;
    [Id(3)] public int[] Purchases;
    [Id(4)] public double[] Revenue;
    [Id(5)] public int[]? Days;
}

[RegisterConverter]
public sealed class DailyActivityConverter : IConverter<DailyActivity, DailyActivitySurrogate>
{
    public DailyActivity ConvertFromSurrogate(in DailyActivitySurrogate s)
    {
        if (s.LastDay < 0) return new DailyActivity();
        var surrogate = s;
        var days = s.Days is { } stored
            ? stored.Select((day, i) => CountsAt(surrogate, i, day))
            : Enumerable.Range(s.LastDay - DailyActivity.WindowDays + 1, DailyActivity.WindowDays)
                .Select(day => CountsAt(surrogate, day % DailyActivity.WindowDays, day));
        return DailyActivity.FromDays(s.LastDay, days);
    }

    public DailyActivitySurrogate ConvertToSurrogate(in DailyActivity a)
    {
        var days = a.Days;
        return new()
        {
            LastDay = a.LastDay,
            Days = days.Select(d => d.Day).ToArray(),
            Views = days.Select(d => d.Views).ToArray(),
            Carts = days.Select(d => d.Carts).ToArray(),
            Purchases = days.Select(d => d.Purchases).ToArray(),
            Revenue = days.Select(d => d.Revenue).ToArray(),
        };
    }

    private static DayCounts CountsAt(in DailyActivitySurrogate s, int index, int day) => new()
    {
        Day = day, Views = s.Views[index], Carts = s.Carts[index], Purchases = s.Purchases[index], Revenue = s.Revenue[index],
    };
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
