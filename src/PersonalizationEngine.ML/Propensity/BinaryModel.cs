using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>
/// A probability model over fixed-length feature vectors, trained with ML.NET: gradient-boosted trees
/// (FastTree, Platt-calibrated on the training data) or, as the baseline, L-BFGS logistic regression on
/// standardized features. Thread-safe: boosted trees predict through a compiled copy of the ensemble;
/// otherwise each call borrows one of ML.NET's prediction engines (which are not thread-safe) from a pool.
/// </summary>
public sealed class BinaryModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly SchemaDefinition _schema;
    private readonly ConcurrentBag<PredictionEngine<FeatureRow, Prediction>> _engines = [];
    private readonly CompiledTreeEnsemble? _compiled;

    private BinaryModel(MLContext ml, ITransformer transformer, int featureCount)
    {
        _ml = ml;
        _transformer = transformer;
        FeatureCount = featureCount;
        _schema = SchemaFor(featureCount);
        _compiled = CompiledTreeEnsemble.From(transformer);
    }

    public int FeatureCount { get; }

    /// <summary>Whether single predictions walk the compiled trees (boosted trees) rather than an ML.NET prediction engine.</summary>
    public bool IsCompiled => _compiled is not null;

    /// <summary>Gradient-boosted trees, each example weighing its <see cref="LabeledRow.Weight"/>.</summary>
    public static BinaryModel TrainBoostedTrees(IReadOnlyList<LabeledRow> rows, BoostedTreeOptions options)
    {
        var ml = new MLContext(options.Seed);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            LearningRate = options.LearningRate,
            ExampleWeightColumnName = nameof(FeatureRow.Weight),
            NumberOfThreads = options.Threads,
            Seed = options.Seed,
        });
        FastTreeCollections.Off(trainer);
        return Train(ml, rows, trainer);
    }

    /// <summary>Logistic regression on standardized features (the baseline), each example weighing its <see cref="LabeledRow.Weight"/>.</summary>
    public static BinaryModel TrainLogistic(IReadOnlyList<LabeledRow> rows, int seed)
    {
        var ml = new MLContext(seed);
        var pipeline = ml.Transforms.NormalizeMeanVariance(nameof(FeatureRow.Features))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                ExampleWeightColumnName = nameof(FeatureRow.Weight),
            }));
        return Train(ml, rows, pipeline);
    }

    public double Predict(float[] features)
    {
        if (features.Length != FeatureCount) throw new ArgumentException($"expected {FeatureCount} features, got {features.Length}", nameof(features));
        if (_compiled is not null) return _compiled.Probability(features);
        if (!_engines.TryTake(out var engine)) engine = _ml.Model.CreatePredictionEngine<FeatureRow, Prediction>(_transformer, inputSchemaDefinition: _schema);
        try
        {
            return engine.Predict(new FeatureRow { Features = features }).Probability;
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    /// <summary>Probabilities for many rows at once (evaluation).</summary>
    public double[] PredictAll(IReadOnlyList<LabeledRow> rows)
    {
        var scored = _transformer.Transform(Load(_ml, rows));
        return _ml.Data.CreateEnumerable<Prediction>(scored, reuseRowObject: false).Select(p => (double)p.Probability).ToArray();
    }

    public void Save(Stream destination)
    {
        var empty = _ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), _schema);
        _ml.Model.Save(_transformer, empty.Schema, destination);
    }

    public static BinaryModel Load(Stream source)
    {
        var ml = new MLContext();
        var transformer = ml.Model.Load(source, out var schema);
        var features = ((VectorDataViewType)schema[nameof(FeatureRow.Features)].Type).Size;
        return new BinaryModel(ml, transformer, features);
    }

    private static BinaryModel Train(MLContext ml, IReadOnlyList<LabeledRow> rows, IEstimator<ITransformer> estimator)
    {
        if (rows.Count == 0) throw new ArgumentException("no training rows", nameof(rows));
        if (rows.All(r => r.Label) || rows.All(r => !r.Label)) throw new ArgumentException("training rows need both labels", nameof(rows));
        var featureCount = rows[0].FeatureCount;
        return new BinaryModel(ml, estimator.Fit(Load(ml, rows)), featureCount);
    }

    private static IDataView Load(MLContext ml, IReadOnlyList<LabeledRow> rows) =>
        ml.Data.LoadFromEnumerable(
            rows.Select(r => new FeatureRow { Features = r.AllFeatures(), Label = r.Label, Weight = r.Weight }),
            SchemaFor(rows.Count == 0 ? 0 : rows[0].FeatureCount));

    private static SchemaDefinition SchemaFor(int featureCount) => FeatureVectorSchema.For<FeatureRow>(featureCount);

    /// <summary>ML.NET's row type (public: ML.NET generates code to read it).</summary>
    public sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Weight { get; set; } = 1;
    }

    /// <summary>ML.NET's output row type.</summary>
    public sealed class Prediction
    {
        public float Probability { get; set; }
    }
}
