using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Evaluation;
using PersonalizationEngine.ML.Propensity;
using PersonalizationEngine.Serving;

namespace PersonalizationEngine.Training;

/// <summary>
/// One training run of the purchase-propensity and churn models from the event log and the live catalog
/// (<see cref="PropensityTrainer"/>: labels from a temporal cut-off, the latest horizon held out). The
/// run's metrics are the held-out AUC, log loss, Brier score and top-decile lift of both models and of
/// the recency-frequency baseline; a candidate whose purchase AUC is worse than the serving model's is
/// not published. A log younger than the configured windows trains on as many as fit; one too young for
/// even one window records a run that is not published, saying so.
/// </summary>
public sealed class PropensityTraining(
    TrainingLog log, LiveCatalog catalog, ModelStore<PropensityPredictor> store,
    IOptions<PropensityServingOptions> options, TrainingScheduler scheduler, TimeProvider time)
    : ModelTraining<PropensityPredictor>(log, store)
{
    public const string Algorithm = "gradient-boosted trees (ML.NET FastTree, Platt-calibrated) over live activity features";
    private const string GateMetric = "purchase_auc";

    public override ModelSchedule Schedule => options.Value.ToSchedule();

    protected override ModelVersionInfo Train()
    {
        var run = StartRun(Algorithm, time);
        var settings = options.Value;
        PropensityModels models;
        PropensityOptions trainerOptions;
        try
        {
            var (examples, fitted, lacking) = ExamplesFromLog(settings);
            if (examples is null) return run.NotPublished(lacking!);
            trainerOptions = fitted!;
            models = PropensityTrainer.Fit(examples, trainerOptions);
        }
        catch (ArgumentException ex)
        {
            // e.g. a window without a single purchase: nothing to learn from yet.
            return run.NotPublished($"not trained: {ex.Message}");
        }

        var metrics = MetricsOf(models.Evaluation);
        var auc = metrics.GetValueOrDefault(GateMetric, double.NaN);
        if (Store.Current?.Info.Metrics.GetValueOrDefault(GateMetric) is { } serving && !(auc >= serving - settings.AucTolerance))
            return run.NotPublished($"not published: held-out purchase AUC {auc:F4} is below the serving model's {serving:F4}", metrics);
        return run.Publish(models.Predictor, metrics, trainerOptions.TrainingWindows < settings.TrainingWindows
            ? $"published (trained on {trainerOptions.TrainingWindows} of {settings.TrainingWindows} windows: the log is younger than they need)"
            : "published");
    }

    /// <summary>
    /// The labelled windows from the log, with the options fitted to its history (or why there are none). A method
    /// of its own so that the log's events and the replay are garbage once it returns: the trees train without them.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private (PropensityTrainer.ExampleWindows? Examples, PropensityOptions? Options, string? Lacking) ExamplesFromLog(PropensityServingOptions settings)
    {
        var (behaviour, reviews) = ReadBehaviourAndReviews();
        var (trainerOptions, lacking) = FitToHistory(behaviour, settings, scheduler.Threads);
        if (trainerOptions is null) return (null, null, lacking);
        return (PropensityTrainer.Examples(behaviour, CatalogSnapshot(), trainerOptions, reviews: reviews), trainerOptions, null);
    }

    /// <summary>
    /// The log's product events, and the reviews with the scores the live catalog gave them for serving (held
    /// reviews are scored first, the same once; none while no sentiment model is published).
    /// </summary>
    private (List<CustomerEvent> Behaviour, ScoredReview[] Reviews) ReadBehaviourAndReviews()
    {
        var behaviour = ReadBehaviour();
        catalog.Reviews.ScoreHeld();
        return (behaviour, catalog.Reviews.Scored());
    }

    /// <summary>
    /// The configured options, with fewer training windows when the log is younger than they need (at least
    /// one window to learn from and the held-out one after it); null, with the reason, when even that does not fit.
    /// </summary>
    private static (PropensityOptions? Options, string? Lacking) FitToHistory(List<CustomerEvent> behaviour, PropensityServingOptions settings, int threads)
    {
        if (behaviour.Count == 0) return (null, "not trained: no product events in the log");
        var span = behaviour.Max(e => e.OccurredAt) - behaviour.Min(e => e.OccurredAt);
        // W windows need their W cut-offs and the held-out one to fall after the first event: (W + 1) horizons < span.
        var fitting = (int)Math.Ceiling(span.TotalDays / settings.HorizonDays) - 2;
        if (fitting < 1)
            return (null, $"not trained: a {settings.HorizonDays}-day horizon needs more than {2 * settings.HorizonDays} days of events; the log spans {span.TotalDays:F0}");
        var options = new PropensityOptions
        {
            HorizonDays = settings.HorizonDays,
            TrainingWindows = Math.Min(settings.TrainingWindows, fitting),
            MaxPairsPerWindow = settings.MaxPairsPerWindow,
            UseTaste = settings.UseTaste,
        };
        // FastTree starts its own threads; keep them to the training cores.
        options = options with { Trees = options.Trees with { Threads = threads }, ChurnTrees = options.ChurnTrees with { Threads = threads } };
        return (options, null);
    }

    private Dictionary<string, DatasetProduct> CatalogSnapshot() =>
        catalog.Products.ToDictionary(p => p.ProductId, p => new DatasetProduct(p.ProductId, p.Title, p.Category, p.Price), StringComparer.Ordinal);

    private static Dictionary<string, double> MetricsOf(PropensityEvaluation evaluation)
    {
        var metrics = new Dictionary<string, double>
        {
            ["horizon_days"] = evaluation.HorizonDays,
            ["training_pairs"] = evaluation.TrainingPairs,
            ["training_customers"] = evaluation.TrainingCustomers,
        };
        Add("purchase", evaluation.Propensity);
        Add("purchase_baseline", evaluation.PropensityBaseline);
        Add("churn", evaluation.Churn);
        Add("churn_baseline", evaluation.ChurnBaseline);
        return metrics;

        void Add(string prefix, BinaryMetrics m)
        {
            // A held-out period with one class only has no AUC (NaN): leave it out rather than record it.
            foreach (var (name, value) in new[] { ("auc", m.Auc), ("log_loss", m.LogLoss), ("brier", m.Brier), ("lift_top_decile", m.LiftAtTopDecile), ("examples", (double)m.Count) })
            {
                if (double.IsFinite(value)) metrics[$"{prefix}_{name}"] = value;
            }
        }
    }
}
