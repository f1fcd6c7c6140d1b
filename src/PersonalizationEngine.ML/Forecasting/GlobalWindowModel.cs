using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// One gradient-boosted model across all series (ML.NET FastTree, one per step ahead): the input is a
/// series' latest <see cref="GlobalWindowOptions.Window"/> values divided by its recent level (the mean of
/// the latest 13), the target the value h steps later divided by the same level. Learning from every
/// series at once lets short and sparse series borrow the shapes that long ones show.
/// </summary>
public sealed class GlobalWindowModel
{
    private const int LevelSpan = 13;
    private readonly MLContext _ml;
    private readonly ITransformer[] _steps;
    private readonly GlobalWindowOptions _options;

    private GlobalWindowModel(MLContext ml, ITransformer[] steps, GlobalWindowOptions options)
    {
        _ml = ml;
        _steps = steps;
        _options = options;
    }

    public int Horizon => _steps.Length;

    public static GlobalWindowModel Fit(IReadOnlyList<double[]> series, int horizon, GlobalWindowOptions options)
    {
        var ml = new MLContext(options.Seed);
        var scaled = series.Select(values => Scaled(values, options)).ToArray();
        if (options.StepsPerWindow > 0)
        {
            // One model for every step: each window teaches a random sample of the steps, the step a feature.
            var random = new Random(options.Seed);
            var one = Train(ml, scaled, Enumerable.Range(1, horizon), options, steps => steps.OrderBy(_ => random.Next()).Take(options.StepsPerWindow));
            return new GlobalWindowModel(ml, Enumerable.Repeat(one, horizon).ToArray(), options);
        }
        var models = Enumerable.Range(1, horizon).Select(h => Train(ml, scaled, [h], options, steps => steps)).ToArray();
        return new GlobalWindowModel(ml, models, options);
    }

    /// <summary>One FastTree model on the windows of every series for the given steps ahead (as many of them as <paramref name="sample"/> keeps per window).</summary>
    private static ITransformer Train(MLContext ml, double[][] scaled, IEnumerable<int> steps, GlobalWindowOptions options, Func<IEnumerable<int>, IEnumerable<int>> sample)
    {
        var rows = new List<WindowRow>();
        foreach (var values in scaled)
        {
            // Windows ending at t predict t + h; the newest windows first, at most WindowsPerSeries of them.
            var newest = values.Length - 1 - steps.Min();
            for (var t = newest; t >= Math.Max(LevelSpan - 1, newest - options.WindowsPerSeries + 1); t--)
            {
                var level = LevelAt(values, t, options);
                foreach (var h in sample(steps.Where(h => t + h < values.Length)))
                    rows.Add(new WindowRow { Features = Features(values, t, h, level, options), Label = (float)Normalized(values[t + h], level, options) });
            }
        }
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = options.Threads,
        });
        FastTreeCollections.Off(trainer);
        return trainer.Fit(ml.Data.LoadFromEnumerable(rows, SchemaFor(options)));
    }

    /// <summary>Point forecasts 1..<see cref="Horizon"/> steps after the end of each series.</summary>
    public double[][] Predict(IReadOnlyList<double[]> series)
    {
        var scaled = series.Select(values => Scaled(values, _options)).ToArray();
        var levels = scaled.Select(values => LevelAt(values, values.Length - 1, _options)).ToArray();
        var forecasts = series.Select(_ => new double[Horizon]).ToArray();
        for (var h = 1; h <= Horizon; h++)
        {
            var input = _ml.Data.LoadFromEnumerable(
                scaled.Select((values, i) => new WindowRow { Features = Features(values, values.Length - 1, h, levels[i], _options) }), SchemaFor(_options));
            var scores = _ml.Data.CreateEnumerable<Prediction>(_steps[h - 1].Transform(input), reuseRowObject: false).Select(p => p.Score).ToArray();
            for (var i = 0; i < series.Count; i++) forecasts[i][h - 1] = Denormalized(scores[i], levels[i], _options);
        }
        return forecasts;
    }

    private static double[] Scaled(double[] values, GlobalWindowOptions options) =>
        options.LogScale ? values.Select(v => Math.Log(1 + Math.Max(0, v))).ToArray() : values;

    private static double Normalized(double value, double level, GlobalWindowOptions options) => options.LogScale ? value - level : value / level;

    private static double Denormalized(double score, double level, GlobalWindowOptions options) =>
        options.LogScale ? Math.Exp(score + level) - 1 : score * level;

    /// <summary>
    /// The mean of the latest <see cref="LevelSpan"/> values up to <paramref name="t"/>: of their magnitudes and
    /// never 0 (a divisor) on the plain scale; of the logs (a difference) on the log scale.
    /// </summary>
    private static double LevelAt(double[] values, int t, GlobalWindowOptions options)
    {
        var from = Math.Max(0, t - LevelSpan + 1);
        var sum = 0.0;
        for (var i = from; i <= t; i++) sum += Math.Abs(values[i]);
        var level = sum / (t - from + 1);
        return options.LogScale || level > 0 ? level : 1;
    }

    /// <summary>
    /// The window's values up to <paramref name="t"/>, oldest first, normalized by the level (a short history
    /// repeats its first value); with a calendar period, the position of the target <paramref name="t"/> +
    /// <paramref name="h"/> in it, counted from the series' last day (the same calendar day for every series).
    /// </summary>
    private static float[] Features(double[] values, int t, int h, double level, GlobalWindowOptions options)
    {
        var features = new float[FeatureCount(options)];
        for (var i = 0; i < options.Window; i++) features[i] = (float)Normalized(values[Math.Max(0, t - options.Window + 1 + i)], level, options);
        var next = options.Window;
        if (options.CalendarPeriod > 0)
        {
            var period = options.CalendarPeriod;
            features[next++] = ((t + h - (values.Length - 1)) % period + period) % period;
        }
        if (options.StepsPerWindow > 0) features[next] = h;
        return features;
    }

    private static int FeatureCount(GlobalWindowOptions options) =>
        options.Window + (options.CalendarPeriod > 0 ? 1 : 0) + (options.StepsPerWindow > 0 ? 1 : 0);

    private static SchemaDefinition SchemaFor(GlobalWindowOptions options) => FeatureVectorSchema.For<WindowRow>(FeatureCount(options));

    /// <summary>ML.NET's row type (public: ML.NET generates code to read it).</summary>
    public sealed class WindowRow
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    /// <summary>ML.NET's output row type.</summary>
    public sealed class Prediction
    {
        public float Score { get; set; }
    }
}
