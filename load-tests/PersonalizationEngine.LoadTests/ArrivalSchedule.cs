namespace PersonalizationEngine.LoadTests;

/// <summary>
/// The open load model's send times: request i is due at start + i / rate, whatever happened to the
/// requests before it. Latency is measured from this intended time, not from when the request actually
/// left, so a stalled server is charged for the queue it caused (no coordinated omission).
/// </summary>
public sealed class ArrivalSchedule(double ratePerSecond)
{
    private readonly double _ratePerSecond = ratePerSecond > 0 ? ratePerSecond : throw new ArgumentOutOfRangeException(nameof(ratePerSecond), "must be positive");

    /// <summary>Offset from the start at which request <paramref name="index"/> is due.</summary>
    public TimeSpan DueAt(long index) => TimeSpan.FromTicks((long)(index * TimeSpan.TicksPerSecond / _ratePerSecond));

    /// <summary>How many requests fall due within <paramref name="duration"/>.</summary>
    public long CountWithin(TimeSpan duration) => (long)Math.Floor(duration.TotalSeconds * _ratePerSecond);
}
