namespace PersonalizationEngine.ML.Decay;

/// <summary>
/// Exponentially time-decayed sums: a value stored with the time it was last brought up to date,
/// halving every half-life. Used for popularity and co-interaction strength so old behaviour fades.
/// </summary>
public static class ExponentialDecay
{
    /// <summary>The factor by which a value shrinks over <paramref name="elapsed"/>.</summary>
    public static double Factor(TimeSpan elapsed, TimeSpan halfLife) =>
        elapsed <= TimeSpan.Zero ? 1.0 : Math.Pow(0.5, elapsed.TotalSeconds / halfLife.TotalSeconds);

    /// <summary>The value as of <paramref name="at"/>.</summary>
    public static double ValueAt(double value, DateTimeOffset asOf, DateTimeOffset at, TimeSpan halfLife) =>
        value * Factor(at - asOf, halfLife);

    /// <summary>
    /// Adds <paramref name="weight"/> observed at <paramref name="at"/>. An observation older than the
    /// stored time (out-of-order delivery) is decayed to the stored time instead of moving the time back.
    /// </summary>
    public static (double Value, DateTimeOffset AsOf) Add(
        double value, DateTimeOffset asOf, double weight, DateTimeOffset at, TimeSpan halfLife) =>
        at >= asOf
            ? (value * Factor(at - asOf, halfLife) + weight, at)
            : (value + weight * Factor(asOf - at, halfLife), asOf);
}
