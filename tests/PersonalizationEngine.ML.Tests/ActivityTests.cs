using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.ML.Tests;

public sealed class ActivityTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Daily_windows_count_only_their_days_and_forget_what_the_ring_overwrote()
    {
        var activity = new DailyActivity();
        activity.Add(BehaviourKind.Purchase, 10, Day0);
        activity.Add(BehaviourKind.View, 0, Day0.AddDays(20));
        activity.Add(BehaviourKind.Purchase, 5, Day0.AddDays(25));

        var asOf = Day0.AddDays(25);
        Assert.Equal(new ActivityTotals(0, 0, 1, 5, 1), activity.Last(1, asOf));
        Assert.Equal(new ActivityTotals(1, 0, 1, 5, 2), activity.Last(7, asOf));
        Assert.Equal(new ActivityTotals(1, 0, 2, 15, 3), activity.Last(30, asOf));

        // 100 days later the first purchase's bucket has been reused; an event older than the window is ignored.
        activity.Add(BehaviourKind.AddToCart, 0, Day0.AddDays(100));
        activity.Add(BehaviourKind.Purchase, 99, Day0.AddDays(1));
        Assert.Equal(new ActivityTotals(1, 1, 1, 5, 3), activity.Last(90, Day0.AddDays(100)));
    }

    [Fact]
    public void A_customer_counts_an_order_of_many_lines_once_and_keeps_bounded_state()
    {
        var customer = new CustomerActivity();
        customer.Add(BehaviourKind.Purchase, "p1", 10, Day0);
        customer.Add(BehaviourKind.Purchase, "p2", 20, Day0.AddHours(1));
        customer.Add(BehaviourKind.Purchase, "p1", 5, Day0.AddDays(3));
        for (var i = 0; i < CustomerActivity.TrackedProducts + 10; i++) customer.Add(BehaviourKind.View, $"v{i}", 0, Day0.AddDays(4).AddMinutes(i));

        Assert.Equal(2, customer.PurchaseDays);
        Assert.Equal(35, customer.Revenue);
        Assert.Equal(Day0.AddDays(3), customer.LastPurchaseAt);
        Assert.Equal(CustomerActivity.TrackedProducts, customer.Products.Count);
        // The oldest touched products made room; the newest views stayed.
        Assert.Contains($"v{CustomerActivity.TrackedProducts + 9}", customer.Products.Keys);
        Assert.DoesNotContain("p2", customer.Products.Keys);
        string CategoryOf(string productId) => productId.StartsWith('v') ? "bags" : "shoes";
        Assert.True(customer.CategoryShare("bags", CategoryOf) > customer.CategoryShare("shoes", CategoryOf));
        Assert.Equal(1.0, customer.CategoryShare("bags", CategoryOf) + customer.CategoryShare("shoes", CategoryOf), 9);
        Assert.Equal(0, customer.CategoryShare("hats", CategoryOf));
    }

    [Fact]
    public void Events_arriving_out_of_order_give_the_same_state_as_in_order()
    {
        CustomerEvent[] events =
        [
            new("c", "p1", BehaviourKind.View, 0, Day0),
            new("c", "p1", BehaviourKind.Purchase, 12, Day0.AddDays(2)),
            new("c", "p2", BehaviourKind.AddToCart, 0, Day0.AddDays(5)),
            new("c", "p2", BehaviourKind.Purchase, 8, Day0.AddDays(9)),
        ];
        var inOrder = new CustomerActivity();
        var shuffled = new CustomerActivity();
        foreach (var e in events) inOrder.Add(e.Kind, e.ProductId, e.Value, e.OccurredAt);
        foreach (var e in events.Reverse()) shuffled.Add(e.Kind, e.ProductId, e.Value, e.OccurredAt);

        var now = Day0.AddDays(10);
        Assert.Equal(
            PropensityFeaturesOf(inOrder, now),
            PropensityFeaturesOf(shuffled, now));
    }

    private static float[] PropensityFeaturesOf(CustomerActivity customer, DateTimeOffset now) =>
        ML.Propensity.PropensityFeatures.ForPair(customer, "p2", new ProductFacts(9.5, "catp2", new DailyActivity(), p => "cat" + p), 0, now)
            .Select(f => MathF.Round(f, 4)).ToArray();
}
