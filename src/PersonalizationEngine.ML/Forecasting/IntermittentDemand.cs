namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// TSB (Teunter, Syntetos and Babai 2011) for intermittent demand, the many-zero-days series of slow
/// products: the probability that a day has demand and the size of demand when there is some are
/// smoothed separately (the probability every day, the size on demand days), and the forecast is their
/// product, so it neither forecasts fractions of noise from the last value nor stays high after a
/// product stopped selling (Croston's flaw). Both smoothing weights are fitted by least squared
/// one-step errors. Intervals come from the one-step errors' quantiles, widened with the horizon.
/// </summary>
public static class IntermittentDemand
{
    public static Forecast Forecast(IReadOnlyList<double> history, int horizon)
    {
        var y = history.ToArray();
        var best = NelderMead.Minimize(p => Run(y, p[0], p[1]).SumOfSquares, [0.1, 0.1], [0.01, 0.01], [0.5, 0.5]);
        var (_, probability, size, errors) = Run(y, best[0], best[1]);
        Array.Sort(errors);
        var mean = probability * size;
        var points = new ForecastPoint[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            // Errors of a level forecast grow about as a random walk's would; demand is never negative.
            var widen = Math.Sqrt(1 + (h - 1) * best[0] * best[0]);
            double Bound(double quantile) => Math.Max(0, mean + widen * QuantileOfSorted(errors, quantile));
            points[h - 1] = new ForecastPoint(mean, Bound(0.10), Bound(0.90), Bound(0.025), Bound(0.975));
        }
        return new Forecast("tsb", points);
    }

    private static (double SumOfSquares, double Probability, double Size, double[] Errors) Run(double[] y, double alphaProbability, double alphaSize)
    {
        var demandDays = y.Where(v => v != 0).ToArray();
        var probability = y.Length > 0 ? (double)demandDays.Length / y.Length : 0;
        var size = demandDays.Length > 0 ? demandDays.Average() : 0;
        var errors = new double[y.Length];
        var sum = 0.0;
        for (var t = 0; t < y.Length; t++)
        {
            errors[t] = y[t] - probability * size;
            sum += errors[t] * errors[t];
            var demand = y[t] != 0;
            probability += alphaProbability * ((demand ? 1 : 0) - probability);
            if (demand) size += alphaSize * (y[t] - size);
        }
        return (sum, probability, size, errors);
    }

    private static double QuantileOfSorted(double[] sorted, double q)
    {
        if (sorted.Length == 0) return 0;
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}
