namespace PersonalizationEngine.LoadTests.Tests;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void Requests_fall_due_at_even_intervals_from_the_start()
    {
        var schedule = new ArrivalSchedule(4);

        Assert.Equal(TimeSpan.Zero, schedule.DueAt(0));
        Assert.Equal(TimeSpan.FromMilliseconds(250), schedule.DueAt(1));
        Assert.Equal(TimeSpan.FromSeconds(25), schedule.DueAt(100));
    }

    [Fact]
    public void Counts_the_requests_due_within_a_duration()
    {
        var schedule = new ArrivalSchedule(5_000);

        Assert.Equal(300_000, schedule.CountWithin(TimeSpan.FromMinutes(1)));
        Assert.Equal(2, new ArrivalSchedule(1.5).CountWithin(TimeSpan.FromSeconds(1.9)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Refuses_a_rate_that_is_not_positive(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArrivalSchedule(rate));
}
