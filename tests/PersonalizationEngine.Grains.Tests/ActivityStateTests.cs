using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.Grains.Tests;

/// <summary>The stored form of the customer's activity: what is written reads back, and state written by older versions still reads.</summary>
public sealed class ActivityStateTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly Serializer _serializer = new ServiceCollection()
        .AddSerializer(s => s.AddAssembly(typeof(CustomerState).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void Customer_activity_reads_back_as_it_was_written()
    {
        var activity = new CustomerActivity();
        activity.Add(BehaviourKind.View, "p1", 0, Day0);
        activity.Add(BehaviourKind.Purchase, "p1", 12.5, Day0.AddDays(3));
        activity.Add(BehaviourKind.AddToCart, "p2", 0, Day0.AddDays(40));

        var read = _serializer.Deserialize<CustomerActivity>(_serializer.SerializeToArray(activity))!;

        var asOf = Day0.AddDays(40);
        foreach (var days in new[] { 1, 7, 30, 90 }) Assert.Equal(activity.Daily.Last(days, asOf), read.Daily.Last(days, asOf));
        Assert.Equal(activity.Daily.LastDay, read.Daily.LastDay);
        Assert.Equal(Day0, read.Products["p1"].LastViewedAt);
        Assert.Equal(Day0.AddDays(3), read.Products["p1"].FirstPurchasedAt);
        Assert.Equal(1, read.Products["p1"].Purchases);
        Assert.Null(read.Products["p2"].LastPurchasedAt);
        Assert.Equal(Day0.AddDays(40), read.Products["p2"].LastTouchedAt);
    }

    [Fact]
    public void Daily_activity_stored_as_a_ring_of_day_buckets_reads_as_the_same_days()
    {
        // The form written before the activity became sparse: 90 buckets, day d at d % 90.
        var lastDay = DailyActivity.DayOf(Day0);
        var ring = new DailyActivitySurrogate
        {
            LastDay = lastDay,
            Views = new int[DailyActivity.WindowDays],
            Carts = new int[DailyActivity.WindowDays],
            Purchases = new int[DailyActivity.WindowDays],
            Revenue = new double[DailyActivity.WindowDays],
        };
        ring.Views[lastDay % DailyActivity.WindowDays] = 3;
        ring.Purchases[(lastDay - 10) % DailyActivity.WindowDays] = 2;
        ring.Revenue[(lastDay - 10) % DailyActivity.WindowDays] = 40;

        var read = new DailyActivityConverter().ConvertFromSurrogate(ring);

        Assert.Equal(lastDay, read.LastDay);
        Assert.Equal(2, read.Days.Count);
        Assert.Equal(new ActivityTotals(3, 0, 0, 0, 1), read.Last(7, Day0));
        Assert.Equal(new ActivityTotals(3, 0, 2, 40, 2), read.Last(30, Day0));
    }
}
