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
    public void A_purchase_day_is_one_occasion_however_late_a_line_of_its_order_arrives()
    {
        var activity = new CustomerActivity();
        for (var day = 0; day < 10; day++) activity.Add(BehaviourKind.Purchase, "p1", 10, Day0.AddDays(day));

        // A late line of the first day's order, after ten other purchase days.
        activity.Add(BehaviourKind.Purchase, "p2", 3, Day0.AddHours(2));

        Assert.Equal(10, activity.PurchaseDays);
        Assert.Equal(103, activity.Revenue);
    }

    [Fact]
    public void Daily_activity_keeps_only_active_days_in_order_even_when_events_arrive_late()
    {
        var activity = new DailyActivity();
        activity.Add(BehaviourKind.View, 0, Day0.AddDays(10));
        activity.Add(BehaviourKind.View, 0, Day0.AddDays(2));
        activity.Add(BehaviourKind.Purchase, 4, Day0.AddDays(5));
        activity.Add(BehaviourKind.View, 0, Day0.AddDays(10).AddHours(3));

        Assert.Equal([2, 5, 10], activity.Days.Select(d => d.Day - DailyActivity.DayOf(Day0)));
        Assert.Equal(2, activity.Days[^1].Views);

        // The copy does not follow later changes.
        var copy = activity.Copy();
        activity.Add(BehaviourKind.View, 0, Day0.AddDays(10));
        Assert.Equal(2, copy.Days[^1].Views);

        // A day that leaves the window is dropped, not kept as an empty entry.
        activity.Add(BehaviourKind.View, 0, Day0.AddDays(94));
        Assert.Equal([5, 10, 94], activity.Days.Select(d => d.Day - DailyActivity.DayOf(Day0)));
    }

    [Fact]
    public void The_purchase_rhythm_is_computed_from_the_gaps_between_purchase_days()
    {
        // Gaps 7, 7 and 14 days: mean 9.33, population standard deviation 3.30.
        var rhythm = PurchaseRhythm.Of([100, 107, 114, 128], today: 130);

        Assert.Equal(14, rhythm.LastGap);
        Assert.Equal(7, rhythm.MedianGap);
        Assert.Equal(Math.Sqrt(98.0 / 9) / (28.0 / 3), rhythm.Variation!.Value, 6);
        // Days 128, 114 and 107 lie in the latest 30-day period, day 100 in the one before.
        Assert.Equal(2, rhythm.ActiveMonths);
        Assert.Equal(new PurchaseRhythm(null, null, null, 1), PurchaseRhythm.Of([5], today: 10));
        Assert.Equal(new PurchaseRhythm(4, 4, null, 1), PurchaseRhythm.Of([5, 9], today: 10));
    }

    [Fact]
    public void A_customer_remembers_the_newest_distinct_purchase_days_in_order()
    {
        var customer = new CustomerActivity();
        for (var day = 40; day >= 0; day -= 2)
        {
            customer.Add(BehaviourKind.Purchase, "p", 1, Day0.AddDays(day));
            customer.Add(BehaviourKind.Purchase, "q", 1, Day0.AddDays(day).AddHours(1));
        }

        var first = DailyActivity.DayOf(Day0);
        Assert.Equal(Enumerable.Range(0, CustomerActivity.TrackedPurchaseDays).Select(i => first + 10 + 2 * i), customer.PurchaseDayHistory);
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
        ML.Propensity.PropensityFeatures.ForPair(customer, "p2", new NoProductActivity(), 0, now)
            .Select(f => MathF.Round(f, 4)).ToArray();

    /// <summary>A catalog of priced, categorized products without activity.</summary>
    private sealed class NoProductActivity : IProductFactsSource
    {
        public ProductFacts FactsOf(string productId) => new(9.5, "cat" + productId, new DailyActivity(), default, p => "cat" + p);

        public DailyActivity ActivityOf(string productId) => new();
    }
}
