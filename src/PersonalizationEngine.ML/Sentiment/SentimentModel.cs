using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace PersonalizationEngine.ML.Sentiment;

/// <summary>
/// The default sentiment model: negation-marked text (<see cref="NegationMarker"/>) → ML.NET word
/// n-grams and character n-grams (TF-IDF weighted, L2-normalized) → L-BFGS logistic regression, whose output is a
/// calibrated P(positive). Thread-safe: single texts borrow a pooled prediction engine, batches go
/// through one transform.
/// </summary>
public sealed class SentimentModel : ISentimentClassifier
{
    private const string FeaturesColumn = "Features";
    // Rare n-grams say more about a review than ones every review has (+0.9 points of UCI accuracy over raw counts).
    private const NgramExtractingEstimator.WeightingCriteria TfIdf = NgramExtractingEstimator.WeightingCriteria.TfIdf;
    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly ConcurrentBag<PredictionEngine<TextRow, Prediction>> _engines = [];

    private SentimentModel(MLContext ml, ITransformer transformer, double neutralBand)
    {
        _ml = ml;
        _transformer = transformer;
        NeutralBand = neutralBand;
    }

    public double NeutralBand { get; }

    public static SentimentModel Train(IReadOnlyList<LabelledText> examples, SentimentOptions options)
    {
        if (examples.All(e => e.Positive) || examples.All(e => !e.Positive)) throw new ArgumentException("training texts need both labels", nameof(examples));
        var ml = new MLContext(options.Seed);
        var featurizer = ml.Transforms.Text.FeaturizeText(FeaturesColumn, new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.None, // NegationMarker lower-cases
            KeepPunctuations = false,
            KeepNumbers = true,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = options.WordNgrams, UseAllLengths = true, Weighting = TfIdf },
            CharFeatureExtractor = options.CharNgrams > 0 ? new WordBagEstimator.Options { NgramLength = options.CharNgrams, UseAllLengths = false, Weighting = TfIdf } : null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, nameof(TextRow.Text));
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            L2Regularization = options.L2,
            L1Regularization = 0,
            FeatureColumnName = FeaturesColumn,
        });
        var data = ml.Data.LoadFromEnumerable(examples.Select(e => new TextRow { Text = NegationMarker.Mark(e.Text), Label = e.Positive }));
        return new SentimentModel(ml, featurizer.Append(trainer).Fit(data), options.NeutralBand);
    }

    public SentimentPrediction Predict(string text)
    {
        if (!_engines.TryTake(out var engine)) engine = _ml.Model.CreatePredictionEngine<TextRow, Prediction>(_transformer);
        try
        {
            return SentimentPrediction.From(engine.Predict(new TextRow { Text = NegationMarker.Mark(text) }).Probability, NeutralBand);
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    /// <summary>Many texts in one pass of the pipeline (faster per text than one at a time).</summary>
    public SentimentPrediction[] PredictAll(IReadOnlyList<string> texts)
    {
        var data = _ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = NegationMarker.Mark(t) }));
        return _ml.Data.CreateEnumerable<Prediction>(_transformer.Transform(data), reuseRowObject: true)
            .Select(p => SentimentPrediction.From(p.Probability, NeutralBand)).ToArray();
    }

    /// <summary>Saves the neutral band, then the ML.NET pipeline (a zip) with its length.</summary>
    public void Save(Stream destination)
    {
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<TextRow>()).Schema;
        using var pipeline = new MemoryStream();
        _ml.Model.Save(_transformer, schema, pipeline);
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(NeutralBand);
        writer.Write(pipeline.Length);
        writer.Write(pipeline.GetBuffer(), 0, (int)pipeline.Length);
    }

    public static SentimentModel Load(Stream source)
    {
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        var band = reader.ReadDouble();
        var length = reader.ReadInt64();
        using var pipeline = new MemoryStream(reader.ReadBytes(checked((int)length)));
        var ml = new MLContext();
        return new SentimentModel(ml, ml.Model.Load(pipeline, out _), band);
    }

    /// <summary>ML.NET's input row (public: ML.NET generates code to read it).</summary>
    public sealed class TextRow
    {
        public string Text { get; set; } = "";
        public bool Label { get; set; }
    }

    /// <summary>ML.NET's output row.</summary>
    public sealed class Prediction
    {
        public float Probability { get; set; }
    }
}
