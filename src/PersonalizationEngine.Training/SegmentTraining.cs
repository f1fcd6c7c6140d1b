using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Propensity;
using PersonalizationEngine.ML.Segmentation;
using PersonalizationEngine.Serving;

namespace PersonalizationEngine.Training;

/// <summary>
/// One segmentation run from the event log: every customer's activity replayed to the newest event (the
/// same activity the customer grain keeps live), segmented by <see cref="CustomerSegmentation"/> with the
/// serving recommendation model's embedding when there is one. The run's metrics are the chosen k, its
/// silhouette and the silhouette of every k tried. A newer segmentation always replaces the serving one.
/// </summary>
public sealed class SegmentTraining(
    TrainingLog log, ModelStore<SegmentModel> store, ModelStore<ItemFactorSnapshot> recommendations, IOptions<SegmentServingOptions> options,
    TrainingScheduler scheduler, TimeProvider time)
    : ModelTraining<SegmentModel>(log, store)
{
    public const string Algorithm = "k-means (ML.NET, k-means++) on standardized recency, frequency, value and the reduced customer embedding; k by silhouette";

    public override ModelSchedule Schedule => options.Value.ToSchedule();

    protected override ModelVersionInfo Train()
    {
        var run = StartRun(Algorithm, time);
        var settings = options.Value;
        var behaviour = ReadBehaviour();
        if (behaviour.Count == 0) return run.NotPublished("not trained: no product events in the log");
        var replay = new ActivityReplay(behaviour, new Dictionary<string, DatasetProduct>());
        replay.AdvanceTo(DateTimeOffset.MaxValue);
        var now = behaviour.Max(e => e.OccurredAt);
        var embedding = settings.UseTaste ? recommendations.Current?.Model : null;
        var segmentation = new SegmentationOptions(settings.MinSegments, settings.MaxSegments, settings.Segments, settings.TasteDimensions,
            settings.SilhouetteSample, Threads: scheduler.Threads);

        SegmentationResult result;
        try
        {
            result = CustomerSegmentation.Train(replay.Customers.Values.ToList(), now, embedding, segmentation);
        }
        catch (ArgumentException ex)
        {
            return run.NotPublished($"not trained: {ex.Message}");
        }
        var metrics = new Dictionary<string, double>
        {
            ["customers"] = replay.Customers.Count,
            ["segments"] = result.Model.Segments.Count,
            ["silhouette"] = result.Model.Silhouette,
            ["taste_dimensions"] = result.Model.Taste?.Dimensions ?? 0,
        };
        foreach (var (k, silhouette) in result.SilhouetteByK) metrics[$"silhouette_k{k}"] = silhouette;
        return run.Publish(result.Model, metrics, embedding is null && settings.UseTaste
            ? "published (without the customer embedding: no recommendation model is trained yet)"
            : "published");
    }
}
