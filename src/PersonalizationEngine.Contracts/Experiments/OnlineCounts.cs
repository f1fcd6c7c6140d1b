namespace PersonalizationEngine.Contracts.Experiments;

/// <summary>What served lists earned: counts that add up across silos, hours and versions.</summary>
[GenerateSerializer, Immutable]
public sealed record OnlineCounts(
    [property: Id(0)] long Lists = 0,
    [property: Id(1)] long Items = 0,
    [property: Id(2)] long Clicks = 0,
    [property: Id(3)] long Carts = 0,
    [property: Id(4)] long Purchases = 0,
    [property: Id(5)] double Revenue = 0,
    [property: Id(6)] long WindowPurchases = 0,
    [property: Id(7)] double WindowRevenue = 0)
{
    public static readonly OnlineCounts None = new();

    public static OnlineCounts operator +(OnlineCounts a, OnlineCounts b) => new(
        a.Lists + b.Lists, a.Items + b.Items, a.Clicks + b.Clicks, a.Carts + b.Carts, a.Purchases + b.Purchases,
        a.Revenue + b.Revenue, a.WindowPurchases + b.WindowPurchases, a.WindowRevenue + b.WindowRevenue);
}

/// <summary>The counts of one model version (and experiment arm) in one hour.</summary>
[GenerateSerializer, Immutable]
public sealed record OnlineMetricRow(
    [property: Id(0)] DateTimeOffset Hour,
    [property: Id(1)] ServedListTag Tag,
    [property: Id(2)] OnlineCounts Counts);
