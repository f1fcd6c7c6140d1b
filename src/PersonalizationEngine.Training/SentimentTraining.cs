using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.Serving;

namespace PersonalizationEngine.Training;

/// <summary>
/// One training run of the default sentiment model: the configured labelled corpus files plus the shop's
/// rated review events (4–5 stars positive, 1–2 negative), one in HoldOutOneIn held out (stratified) to
/// validate. With the sentence encoder on (Engine:Text:Encoder), three classifiers compete on the held-out
/// texts: on n-grams, on the encoder's embedding, and on both; the most accurate wins (the n-gram one on a tie:
/// it is the cheapest to serve). The winner is published unless its held-out accuracy is below the serving
/// model's on the same held-out texts. Trained on first start, with or without events, so a shop has sentiment from the
/// start. When an ONNX model is configured it serves instead, and runs record that without training.
/// </summary>
public sealed class SentimentTraining(
    TrainingLog log, ModelStore<SentimentModel> store, IOptions<SentimentServingOptions> options, IOptions<TextServingOptions> text,
    ModelsSettings models, TimeProvider time)
    : ModelTraining<SentimentModel>(log, store)
{
    public const string Algorithm =
        "logistic regression (ML.NET) on negation-marked word 1–2-grams and character 5-grams (TF-IDF), on the sentence encoder's embedding, or on both: the most accurate on held-out texts";
    private const int Seed = 42;
    private const int MinimumExamples = 10;

    public override ModelSchedule Schedule => options.Value.ToSchedule(trainOnFirstStart: true);

    protected override ModelVersionInfo Train()
    {
        var run = StartRun(Algorithm, time);
        var settings = options.Value;
        if (settings.UsesOnnx) return run.NotPublished($"not trained: the ONNX model {settings.OnnxModelPath} serves (Engine:Sentiment:OnnxModelPath)");
        var (corpus, problems) = ReadCorpus(settings.CorpusPaths.Select(path => Path.Combine(models.DataFolder, path)));
        var reviews = settings.UseShopReviews ? RatedReviews() : [];
        var examples = corpus.Concat(reviews).ToList();
        var sources = $"{corpus.Count} corpus texts, {reviews.Count} rated shop reviews" + string.Concat(problems.Select(p => "; " + p));
        if (examples.Count < MinimumExamples || examples.All(e => e.Positive) || examples.All(e => !e.Positive))
            return run.NotPublished($"not trained: needs at least {MinimumExamples} texts of both labels ({sources})");

        var (train, test) = SentimentEvaluator.HoldOut(examples, settings.HoldOutOneIn, Seed);
        var (model, candidate, accuracies) = MostAccurate(train, test, settings);
        var metrics = MetricsOf(candidate, corpus.Count, reviews.Count, train.Count);
        foreach (var (features, accuracy) in accuracies) metrics[$"{features.ToString().ToLowerInvariant()}_accuracy"] = accuracy;
        sources = $"{Describe(model.Features)}; {sources}";
        if (Store.Current is { } serving)
        {
            var servingAccuracy = SentimentEvaluator.Test(serving.Model, test).Accuracy;
            metrics["serving_accuracy"] = servingAccuracy;
            if (!(candidate.Accuracy >= servingAccuracy - settings.AccuracyTolerance))
                return run.NotPublished($"not published: held-out accuracy {candidate.Accuracy:P2} is below the serving model's {servingAccuracy:P2} on the same texts ({sources})", metrics);
        }
        return run.Publish(model, metrics, $"published ({sources})");
    }

    /// <summary>Each classifier the settings allow, trained and tested on the same texts; the most accurate, first on a tie.</summary>
    private (SentimentModel Model, SentimentMetrics HeldOut, List<(SentimentFeatures Features, double Accuracy)> Accuracies) MostAccurate(
        List<LabelledText> train, List<LabelledText> test, SentimentServingOptions settings)
    {
        var encoder = text.Value.Open();
        SentimentFeatures[] candidates = encoder is null ? [SentimentFeatures.NGrams] : [SentimentFeatures.NGrams, SentimentFeatures.Encoder, SentimentFeatures.Combined];
        // The two classifiers that read the embedding train on the same texts: encode them once.
        var embeddings = encoder?.Encode(train.Select(t => t.Text).ToArray());
        var trained = candidates.Select(features =>
        {
            var model = SentimentModel.Train(train, new SentimentOptions { NeutralBand = settings.NeutralBand, Seed = Seed, Features = features }, encoder, embeddings);
            return (Model: model, HeldOut: SentimentEvaluator.Test(model, test));
        }).ToList();
        var best = trained.Aggregate((a, b) => b.HeldOut.Accuracy > a.HeldOut.Accuracy ? b : a);
        return (best.Model, best.HeldOut, trained.Select(t => (t.Model.Features, t.HeldOut.Accuracy)).ToList());
    }

    private static string Describe(SentimentFeatures features) => features switch
    {
        SentimentFeatures.NGrams => "n-grams",
        SentimentFeatures.Encoder => "sentence encoder",
        _ => "n-grams and sentence encoder",
    };

    /// <summary>The corpus files' texts; a missing or malformed file is skipped and named in the run's note.</summary>
    private static (List<LabelledText> Texts, List<string> Problems) ReadCorpus(IEnumerable<string> paths)
    {
        var texts = new List<LabelledText>();
        var problems = new List<string>();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                problems.Add($"corpus file {path} not found");
                continue;
            }
            try
            {
                texts.AddRange(LabelledTextReader.Read(path).ToList());
            }
            catch (InvalidDataException ex)
            {
                problems.Add($"corpus file skipped: {ex.Message}");
            }
        }
        return (texts, problems);
    }

    /// <summary>Review events whose rating says their sentiment; 3 stars and unrated reviews say nothing sure.</summary>
    private List<LabelledText> RatedReviews()
    {
        var reviews = new List<LabelledText>();
        foreach (var e in ReadLog())
        {
            if (e is not { Type: InteractionType.Review, Text: { } text, Value: var stars }) continue;
            if (stars >= 4) reviews.Add(new LabelledText(text, true));
            else if (stars is >= 1 and <= 2) reviews.Add(new LabelledText(text, false));
        }
        return reviews;
    }

    private static Dictionary<string, double> MetricsOf(SentimentMetrics heldOut, int corpusTexts, int shopReviews, int trainingTexts)
    {
        var metrics = new Dictionary<string, double>
        {
            ["corpus_texts"] = corpusTexts,
            ["shop_reviews"] = shopReviews,
            ["training_texts"] = trainingTexts,
            ["holdout_texts"] = heldOut.Count,
            ["accuracy"] = heldOut.Accuracy,
            ["macro_f1"] = heldOut.MacroF1,
            ["texts_per_second"] = heldOut.TextsPerSecond,
        };
        // A held-out set with one label only has no AUC (NaN): leave it out rather than record it.
        if (double.IsFinite(heldOut.Auc)) metrics["auc"] = heldOut.Auc;
        return metrics;
    }
}
