namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// How a day's units split over its 24 hours, for each day of the week: the shop's mean units in each hour
/// of the week, as shares of that weekday's total (a weekday without sales splits evenly). It spreads a
/// daily forecast over hours for the products too sparse for an hourly model of their own.
/// </summary>
public sealed class HourOfWeekProfile
{
    private const int Hours = 7 * SalesClock.HoursPerDay;
    private readonly double[] _shares;

    private HourOfWeekProfile(double[] shares) => _shares = shares;

    public static HourOfWeekProfile Even { get; } = new(Enumerable.Repeat(1.0 / SalesClock.HoursPerDay, Hours).ToArray());

    /// <summary>The profile of hourly units whose first value is in hour <paramref name="firstHour"/> (<see cref="SalesClock"/>).</summary>
    public static HourOfWeekProfile Of(IReadOnlyList<double> units, int firstHour)
    {
        var sums = new double[Hours];
        for (var i = 0; i < units.Count; i++) sums[HourOfWeek(firstHour + i)] += Math.Max(0, units[i]);
        var shares = new double[Hours];
        for (var day = 0; day < 7; day++)
        {
            var hours = sums.AsSpan(day * SalesClock.HoursPerDay, SalesClock.HoursPerDay);
            var total = 0.0;
            foreach (var u in hours) total += u;
            for (var h = 0; h < SalesClock.HoursPerDay; h++)
                shares[day * SalesClock.HoursPerDay + h] = total > 0 ? hours[h] / total : 1.0 / SalesClock.HoursPerDay;
        }
        return new HourOfWeekProfile(shares);
    }

    /// <summary>The share of its day's units that hour <paramref name="hour"/> (<see cref="SalesClock"/>) takes.</summary>
    public double ShareOf(int hour) => _shares[HourOfWeek(hour)];

    /// <summary>
    /// A daily forecast whose first day is <paramref name="firstDay"/> spread over <paramref name="hours"/> hours from
    /// that day's first hour: each point and bound times its hour's share (the intervals so spread are those of
    /// the day's total, split, and narrower than an hour's own uncertainty).
    /// </summary>
    public Forecast Spread(Forecast daily, int firstDay, int hours)
    {
        var firstHour = firstDay * SalesClock.HoursPerDay;
        var points = new ForecastPoint[Math.Min(hours, daily.Points.Count * SalesClock.HoursPerDay)];
        for (var h = 0; h < points.Length; h++) points[h] = daily.Points[h / SalesClock.HoursPerDay].Scaled(ShareOf(firstHour + h));
        return new Forecast($"{daily.Method} by day, spread by the shop's hour-of-week profile", points);
    }

    public void Save(BinaryWriter writer)
    {
        foreach (var share in _shares) writer.Write(share);
    }

    public static HourOfWeekProfile Load(BinaryReader reader)
    {
        var shares = new double[Hours];
        for (var i = 0; i < Hours; i++) shares[i] = reader.ReadDouble();
        return new HourOfWeekProfile(shares);
    }

    // Day number 0 (0001-01-01) was a Monday; DayOfWeek counts from Sunday.
    private static int HourOfWeek(int hour) => (int)DateOnly.FromDayNumber(hour / SalesClock.HoursPerDay).DayOfWeek * SalesClock.HoursPerDay + hour % SalesClock.HoursPerDay;
}
