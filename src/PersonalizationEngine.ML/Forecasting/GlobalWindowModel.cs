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
        var steps = new ITransformer[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            var rows = new List<WindowRow>();
            foreach (var values in series)
            {
                // Windows ending at t predict t + h; the newest windows first, at most WindowsPerSeries of them.
                var last = values.Length - 1 - h;
                for (var t = last; t >= Math.Max(LevelSpan - 1, last - options.WindowsPerSeries + 1); t--)
                {
                    var level = LevelAt(values, t);
                    rows.Add(new WindowRow { Features = Features(values, t, level, options.Window), Label = (float)(values[t + h] / level) });
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
            steps[h - 1] = trainer.Fit(ml.Data.LoadFromEnumerable(rows, SchemaFor(options.Window)));
        }
        return new GlobalWindowModel(ml, steps, options);
    }

    /// <summary>Point forecasts 1..<see cref="Horizon"/> steps after the end of each series.</summary>
    public double[][] Predict(IReadOnlyList<double[]> series)
    {
        var levels = series.Select(values => LevelAt(values, values.Length - 1)).ToArray();
        var input = _ml.Data.LoadFromEnumerable(
            series.Select((values, i) => new WindowRow { Features = Features(values, values.Length - 1, levels[i], _options.Window) }), SchemaFor(_options.Window));
        var forecasts = series.Select(_ => new double[Horizon]).ToArray();
        for (var h = 0; h < Horizon; h++)
        {
            var scores = _ml.Data.CreateEnumerable<Prediction>(_steps[h].Transform(input), reuseRowObject: false).Select(p => p.Score).ToArray();
            for (var i = 0; i < series.Count; i++) forecasts[i][h] = scores[i] * levels[i];
        }
        return forecasts;
    }

    /// <summary>The mean of the latest <see cref="LevelSpan"/> values up to <paramref name="t"/> (of their magnitudes, so never 0 unless all are).</summary>
    private static double LevelAt(double[] values, int t)
    {
        var from = Math.Max(0, t - LevelSpan + 1);
        var sum = 0.0;
        for (var i = from; i <= t; i++) sum += Math.Abs(values[i]);
        var level = sum / (t - from + 1);
        return level > 0 ? level : 1;
    }

    /// <summary>The <paramref name="window"/> values up to <paramref name="t"/>, oldest first, over the level; a short history repeats its first value.</summary>
    private static float[] Features(double[] values, int t, double level, int window)
    {
        var features = new float[window];
        for (var i = 0; i < window; i++) features[i] = (float)(values[Math.Max(0, t - window + 1 + i)] / level);
        return features;
    }

    private static SchemaDefinition SchemaFor(int window) => FeatureVectorSchema.For<WindowRow>(window);

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
