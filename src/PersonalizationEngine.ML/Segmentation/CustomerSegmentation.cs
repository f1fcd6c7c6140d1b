using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Segmentation;

/// <summary>
/// Trains a segmentation: every customer's features (<see cref="SegmentFeatures"/>) standardized,
/// ML.NET k-means (k-means++ initialisation) for each k in the range, the k with the best mean
/// silhouette on a fixed sample kept, and its centroids described in words (<see cref="SegmentDescriber"/>).
/// </summary>
public static class CustomerSegmentation
{
    public static SegmentationResult Train(IReadOnlyList<CustomerActivity> customers, DateTimeOffset now, ItemFactorSnapshot? embedding, SegmentationOptions options)
    {
        var ks = options.FixedSegments > 0
            ? [options.FixedSegments]
            : Enumerable.Range(options.MinSegments, Math.Max(0, Math.Min(options.MaxSegments, customers.Count - 1) - options.MinSegments + 1)).ToArray();
        if (ks.Length == 0 || customers.Count <= ks.Max())
            throw new ArgumentException($"{customers.Count} customers are too few for {options.MinSegments} or more segments", nameof(customers));

        var taste = embedding is null ? null : TasteProjection.Fit(embedding, customers, options.TasteDimensions);
        var features = customers.Select(c => SegmentFeatures.Of(c, now, taste)).ToArray();
        var (means, deviations) = Moments(features);
        // The model without segments yet: its standardization is what serving applies.
        var standardized = features.Select(new SegmentModel(means, deviations, [], [], 0, taste).Standardize).ToArray();
        var sample = Sample(standardized.Length, options.SilhouetteSample, options.Seed);
        var sampled = sample.Select(i => standardized[i]).ToArray();

        var tried = new Dictionary<int, double>();
        (float[][] Centroids, double Silhouette)? best = null;
        foreach (var k in ks)
        {
            var centroids = KMeans(standardized, k, options);
            var silhouette = Silhouette.Mean(sampled, sampled.Select(p => SegmentModel.NearestOf(centroids, p)).ToArray(), k);
            tried[k] = silhouette;
            if (best is null || silhouette > best.Value.Silhouette) best = (centroids, silhouette);
        }

        var (chosen, chosenSilhouette) = best!.Value;
        var assignments = standardized.Select(p => SegmentModel.NearestOf(chosen, p)).ToArray();
        var sizes = new long[chosen.Length];
        foreach (var a in assignments) sizes[a]++;
        var segments = SegmentDescriber.Describe(chosen).Select((n, c) => new CustomerSegment(n.Id, n.Description, sizes[c])).ToList();
        var model = new SegmentModel(means, deviations, chosen, segments, chosenSilhouette, taste);
        return new SegmentationResult(model, tried, assignments, standardized);
    }

    private static float[][] KMeans(float[][] points, int k, SegmentationOptions options)
    {
        var ml = new MLContext(options.Seed);
        var d = points[0].Length;
        var data = ml.Data.LoadFromEnumerable(points.Select(p => new Row { Features = p }), FeatureVectorSchema.For<Row>(d));
        var trainer = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            NumberOfClusters = k,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            NumberOfThreads = options.Threads,
            MaximumNumberOfIterations = 1_000,
        });
        VBuffer<float>[] centroids = [];
        trainer.Fit(data).Model.GetClusterCentroids(ref centroids, out _);
        return centroids.Select(c => c.DenseValues().ToArray()).ToArray();
    }

    private static (float[] Means, float[] Deviations) Moments(float[][] features)
    {
        var d = features[0].Length;
        var means = Enumerable.Range(0, d).Select(j => (float)features.Average(f => f[j])).ToArray();
        var deviations = Enumerable.Range(0, d).Select(j =>
        {
            var sd = Math.Sqrt(features.Average(f => Math.Pow(f[j] - means[j], 2)));
            return sd > 1e-9 ? (float)sd : 1f; // a feature every customer shares separates no one
        }).ToArray();
        return (means, deviations);
    }

    private static int[] Sample(int count, int size, int seed)
    {
        var indices = Enumerable.Range(0, count).ToArray();
        if (count <= size) return indices;
        new Random(seed).Shuffle(indices);
        return indices[..size];
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }
}
