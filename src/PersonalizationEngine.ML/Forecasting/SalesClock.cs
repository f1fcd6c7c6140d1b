namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// The time steps sales are counted in, numbered so that consecutive steps differ by one: UTC days
/// (<see cref="DateOnly.DayNumber"/>) and UTC hours (the day number times 24 plus the hour). An hourly
/// series ending at the last hour of a day is aligned with the daily series ending on that day.
/// </summary>
public static class SalesClock
{
    public const int HoursPerDay = 24;

    public static int DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime).DayNumber;

    public static int HourOf(DateTimeOffset at) => DayOf(at) * HoursPerDay + at.UtcDateTime.Hour;

    /// <summary>The last hour of <paramref name="day"/>.</summary>
    public static int LastHourOf(DateOnly day) => day.DayNumber * HoursPerDay + HoursPerDay - 1;

    /// <summary>The start of an hour step, in UTC.</summary>
    public static DateTime StartOfHour(int hour) =>
        DateOnly.FromDayNumber(hour / HoursPerDay).ToDateTime(new TimeOnly(hour % HoursPerDay, 0), DateTimeKind.Utc);
}
