using PersonalizationEngine.Grains.Projection;

namespace PersonalizationEngine.Grains.Tests;

/// <summary>The watermark: the highest sequence at or below which every published delivery is persisted.</summary>
public sealed class EventProjectionTrackerTests
{
    [Fact]
    public void The_watermark_stops_below_the_first_outstanding_delivery()
    {
        var tracker = new EventProjectionTracker(startWatermark: 10);
        tracker.Expect(11, 2);
        tracker.Expect(12, 1);

        tracker.Persisted([12]);
        Assert.Equal(10, tracker.Watermark);
        tracker.Persisted([11, 11]);
        Assert.Equal(12, tracker.Watermark);
    }

    [Fact]
    public void A_delivery_ahead_of_the_log_order_holds_the_watermark_back_but_does_not_move_it_past_what_was_published()
    {
        var tracker = new EventProjectionTracker(startWatermark: 10);
        tracker.ExpectAhead(500, 1);

        // Events 11..499 are not published yet: the watermark stays where the published ones end.
        Assert.Equal(10, tracker.Watermark);
        tracker.Persisted([500]);
        Assert.Equal(10, tracker.Watermark);

        tracker.ExpectAhead(600, 1);
        for (var sequence = 11; sequence <= 600; sequence++) tracker.Expect(sequence, 1);
        for (var sequence = 11; sequence <= 600; sequence++) tracker.Persisted([sequence]);
        // 600 had two deliveries (the expedited one and the log-order one): one is still outstanding.
        Assert.Equal(599, tracker.Watermark);
        tracker.Persisted([600]);
        Assert.Equal(600, tracker.Watermark);
    }

    [Fact]
    public async Task A_wait_for_a_sequence_completes_when_the_watermark_passes_it_and_not_before()
    {
        var tracker = new EventProjectionTracker();
        tracker.Expect(1, deliveries: 1);
        tracker.Expect(2, deliveries: 2);

        var passedTwo = tracker.WhenPassedAsync(2);
        tracker.Persisted([1]);
        tracker.Persisted([2]);
        Assert.False(passedTwo.IsCompleted);

        tracker.Persisted([2]);
        await passedTwo.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(tracker.WhenPassedAsync(1).IsCompleted);
    }
}
