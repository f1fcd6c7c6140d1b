namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Derivative-free minimisation (Nelder and Mead 1965, standard coefficients) of a function over a box:
/// points are clamped to the bounds, which is how the smoothing parameters stay admissible.
/// </summary>
public static class NelderMead
{
    public static double[] Minimize(Func<double[], double> f, double[] start, double[] lower, double[] upper, int maxEvaluations = 2_000, double tolerance = 1e-10)
    {
        var n = start.Length;
        double[] Clamp(double[] x) => x.Select((v, i) => Math.Clamp(v, lower[i], upper[i])).ToArray();
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        simplex[0] = Clamp(start);
        for (var i = 0; i < n; i++)
        {
            var point = (double[])simplex[0].Clone();
            var step = 0.1 * (upper[i] - lower[i]);
            point[i] = point[i] + step <= upper[i] ? point[i] + step : point[i] - step;
            simplex[i + 1] = Clamp(point);
        }
        for (var i = 0; i <= n; i++) values[i] = f(simplex[i]);
        var evaluations = n + 1;
        while (evaluations < maxEvaluations)
        {
            var order = Enumerable.Range(0, n + 1).OrderBy(i => values[i]).ToArray();
            simplex = order.Select(i => simplex[i]).ToArray();
            values = order.Select(i => values[i]).ToArray();
            if (Math.Abs(values[n] - values[0]) <= tolerance * (Math.Abs(values[0]) + tolerance)) break;

            var centroid = new double[n];
            for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
            double[] Toward(double t) => Clamp(centroid.Select((c, j) => c + t * (simplex[n][j] - c)).ToArray());

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
                        simplex[i] = Clamp(simplex[i].Select((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j])).ToArray());
                        values[i] = f(simplex[i]);
                        evaluations++;
                    }
                }
            }
        }
        return simplex[Enumerable.Range(0, n + 1).MinBy(i => values[i])];
    }
}
