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
    public void Product_touches_written_when_each_was_an_object_of_its_own_read_as_they_were()
    {
        // Written before a product touch became a value: p1 viewed on day 0 and bought on days 3 and 9, p2 carted on day 40;
        // alone, and as a customer's whole state.
        const string activityWritten = "ICCAAOg+63B33giBAAAAAAAAAADgIYAA6MSL35beCIEAAAAAAAAAAOAhgACo9miDft4IgQAAAAAAAAAA4AEJgQAAAAAAgDZAIQA0mLQhAAkBBQABAAEAAeAhAAkBAQABAAEABeAhAAkBAQAFAAUAAeAhAAmBAAAAAAAAAACAAAAAAAAAKUCAAAAAAAAAJECAAAAAAAAAAADgIQAJAbSVtADklbQARJa0ADSYtODgITABMSzULh1TdHJpbmdDb21wYXJlcgADAQHgAQVBBXAxICCAAOg+63B33giBAAAAAAAAAADgwQEhgAAofGrMed4IgQAAAAAAAAAA4CGAAKj2aIN+3giBAAAAAAAAAADgAQngQAVwMiDAASGAAOjEi9+W3giBAAAAAAAAAADgwQHBAQEB4OAhAQUB5JW0AESWtOAhAAUB5JW0AESWtODg";
        const string stateWritten = "ICDgIeAi4MEBwQECASEggADoPutwd94IgQAAAAAAAAAA4CGAAOjEi9+W3giBAAAAAAAAAADgIYAAqPZog37eCIEAAAAAAAAAAOABCYEAAAAAAIA2QCEANJi0IQAJAQUAAQABAAHgIQAJAQEAAQABAAXgIQAJAQEABQAFAAHgIQAJgQAAAAAAAAAAgAAAAAAAAClAgAAAAAAAACRAgAAAAAAAAAAA4CEACQG0lbQA5JW0AESWtAA0mLTg4CEwATEs1C4dU3RyaW5nQ29tcGFyZXIAAwEB4AEFQQVwMSAggADoPutwd94IgQAAAAAAAAAA4MEBIYAAKHxqzHneCIEAAAAAAAAAAOAhgACo9miDft4IgQAAAAAAAAAA4AEJ4EAFcDIgwAEhgADoxIvflt4IgQAAAAAAAAAA4MEBwQEBAeDgIQEFAeSVtABElrTgIQAFAeSVtABElrTg4CHgIeDBAcEB4A==";

        foreach (var activity in new[]
        {
            _serializer.Deserialize<CustomerActivity>(Convert.FromBase64String(activityWritten))!,
            _serializer.Deserialize<CustomerState>(Convert.FromBase64String(stateWritten))!.Activity,
        })
        {
            var p1 = activity.Products["p1"];
            Assert.Equal((Day0, Day0.AddDays(3), Day0.AddDays(9), 2), (p1.LastViewedAt, p1.FirstPurchasedAt, p1.LastPurchasedAt, p1.Purchases));
            Assert.Null(p1.LastCartedAt);
            var p2 = activity.Products["p2"];
            Assert.Equal((Day0.AddDays(40), 0), (p2.LastCartedAt, p2.Purchases));
            Assert.Null(p2.LastViewedAt);
            Assert.Equal(2, activity.PurchaseDays);
        }
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
