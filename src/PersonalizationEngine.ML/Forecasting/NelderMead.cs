namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Derivative-free minimisation (Nelder and Mead 1965, standard coefficients) of a function over a box:
/// points are clamped to the bounds, which is how the smoothing parameters stay admissible.
/// </summary>
public static class NelderMead
{
    public static double[] Minimize(Func<double[], double> f, double[] start, double[] lower, double[] upper, int maxEvaluations = 2_000, double tolerance = 1e-6)
    {
        var n = start.Length;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        simplex[0] = Clamped(start, lower, upper);
        for (var i = 0; i < n; i++)
        {
            var point = (double[])simplex[0].Clone();
            var step = 0.1 * (upper[i] - lower[i]);
            point[i] = point[i] + step <= upper[i] ? point[i] + step : point[i] - step;
            simplex[i + 1] = Clamped(point, lower, upper);
        }
        for (var i = 0; i <= n; i++) values[i] = f(simplex[i]);
        var evaluations = n + 1;
        var centroid = new double[n];
        while (evaluations < maxEvaluations)
        {
            SortByValue(simplex, values);
            if (Math.Abs(values[n] - values[0]) <= tolerance * (Math.Abs(values[0]) + tolerance)) break;

            Array.Clear(centroid);
            for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
            double[] Toward(double t)
            {
                var point = new double[n];
                for (var j = 0; j < n; j++) point[j] = Math.Clamp(centroid[j] + t * (simplex[n][j] - centroid[j]), lower[j], upper[j]);
                return point;
            }

            var reflected = Toward(-1);
            var reflectedValue = f(reflected);
            evaluations++;
            if (reflectedValue < values[0])
            {
                var expanded = Toward(-2);
                var expandedValue = f(expanded);
                evaluations++;
                (simplex[n], values[n]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue);
            }
            else if (reflectedValue < values[n - 1])
            {
                (simplex[n], values[n]) = (reflected, reflectedValue);
            }
            else
            {
                var contracted = reflectedValue < values[n] ? Toward(-0.5) : Toward(0.5);
                var contractedValue = f(contracted);
                evaluations++;
                if (contractedValue < Math.Min(reflectedValue, values[n]))
                {
                    (simplex[n], values[n]) = (contracted, contractedValue);
                }
                else
                {
                    // Shrink toward the best point.
                    for (var i = 1; i <= n; i++)
                    {
                        for (var j = 0; j < n; j++) simplex[i][j] = Math.Clamp(simplex[0][j] + 0.5 * (simplex[i][j] - simplex[0][j]), lower[j], upper[j]);
                        values[i] = f(simplex[i]);
                        evaluations++;
                    }
                }
            }
        }
        var best = 0;
        for (var i = 1; i <= n; i++) if (values[i] < values[best]) best = i;
        return simplex[best];
    }

    private static double[] Clamped(double[] x, double[] lower, double[] upper)
    {
        var clamped = new double[x.Length];
        for (var i = 0; i < x.Length; i++) clamped[i] = Math.Clamp(x[i], lower[i], upper[i]);
        return clamped;
    }

    /// <summary>Orders the points by value, best first; equal values keep their order (a stable insertion sort: a handful of points).</summary>
    private static void SortByValue(double[][] simplex, double[] values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            var (point, value) = (simplex[i], values[i]);
            var j = i - 1;
            for (; j >= 0 && values[j] > value; j--) (simplex[j + 1], values[j + 1]) = (simplex[j], values[j]);
            (simplex[j + 1], values[j + 1]) = (point, value);
        }
    }
}
