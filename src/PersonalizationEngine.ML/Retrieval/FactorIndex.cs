using System.Numerics.Tensors;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Retrieval;

/// <summary>
/// Retrieval of the products with the highest factor score for a customer without reading every row: an
/// inverted-file index (IVF). Items are clustered by k-means and stored cluster after cluster as int8
/// codes (<see cref="Int8Codes"/>). A query visits clusters in order of an upper bound on any member's
/// score (q·c + |q|·radius, Cauchy–Schwarz) and stops when the next bound cannot beat what it holds, or
/// when it has scanned its budget; the best approximate candidates are then rescored with the exact float
/// factors. Built once when a model is published or loaded; immutable and thread-safe.
/// </summary>
public sealed class FactorIndex
{
    /// <summary>Average cluster size the k-means aims for (√n clusters would do as well at 20,000 items).</summary>
    private const int ItemsPerCluster = 128;
    private const int KMeansIterations = 8;
    /// <summary>k-means learns centroids from at most this many items (an even sample); all are assigned.</summary>
    private const int MaxTrainingItems = 32_768;
    /// <summary>A query scans at most this share of the catalog, or <see cref="MinScanned"/> items, whichever is more.</summary>
    private const double MaxScannedShare = 0.125;
    private const int MinScanned = 2_048;
    /// <summary>Approximate candidates kept per wanted item, rescored exactly.</summary>
    private const int RescoredPerResult = 4;

    private readonly float[] _itemFactors;
    private readonly int _factors;
    private readonly int _padded;
    private readonly float[] _centroids;
    private readonly float[] _radius;
    private readonly int[] _clusterStart;
    private readonly int[] _itemAt;
    private readonly sbyte[] _codes;
    private readonly float[] _scales;

    private FactorIndex(float[] itemFactors, int factors, float[] centroids, int[] clusterOf)
    {
        _itemFactors = itemFactors;
        _factors = factors;
        _padded = Int8Codes.PaddedWidth(factors);
        _centroids = centroids;
        var items = clusterOf.Length;
        var clusters = centroids.Length / factors;
        _clusterStart = new int[clusters + 1];
        foreach (var c in clusterOf) _clusterStart[c + 1]++;
        for (var c = 0; c < clusters; c++) _clusterStart[c + 1] += _clusterStart[c];
        _itemAt = new int[items];
        var next = _clusterStart[..clusters];
        for (var i = 0; i < items; i++) _itemAt[next[clusterOf[i]]++] = i;

        _codes = new sbyte[items * _padded];
        _scales = new float[items];
        _radius = new float[clusters];
        Span<float> difference = stackalloc float[factors];
        for (var position = 0; position < items; position++)
        {
            var item = _itemAt[position];
            var row = Row(item);
            _scales[position] = Int8Codes.Encode(row, _codes.AsSpan(position * _padded, _padded));
            var cluster = clusterOf[item];
            TensorPrimitives.Subtract(row, _centroids.AsSpan(cluster * factors, factors), difference);
            _radius[cluster] = Math.Max(_radius[cluster], TensorPrimitives.Norm(difference));
        }
    }

    public int ItemCount => _itemAt.Length;
    public int ClusterCount => _radius.Length;

    public static FactorIndex Build(float[] itemFactors, int factors)
    {
        var items = itemFactors.Length / factors;
        var clusters = Math.Max(1, items / ItemsPerCluster);
        var centroids = KMeans(itemFactors, items, factors, clusters);
        return new FactorIndex(itemFactors, factors, centroids, Assign(itemFactors, items, factors, centroids));
    }

    /// <summary>
    /// The (about) <paramref name="count"/> items with the highest exact score q·x, best first; fewer when
    /// the catalog is smaller. Items whose score is not above <paramref name="floor"/> are left out.
    /// </summary>
    public List<(int Item, float Score)> Search(ReadOnlySpan<float> query, int count, float floor = float.NegativeInfinity)
    {
        var result = new List<(int Item, float Score)>(count);
        if (count <= 0 || ItemCount == 0) return result;
        var order = ClustersByBound(query, out var bounds);
        Span<short> code = stackalloc short[_padded];
        var queryScale = Int8Codes.EncodeQuery(query, code);
        var keep = count * RescoredPerResult;
        var budget = Math.Max(MinScanned, (int)(ItemCount * MaxScannedShare));
        var candidates = new PriorityQueue<int, float>(keep + 1);
        var scanned = 0;
        foreach (var cluster in order)
        {
            if (scanned >= budget) break;
            if (candidates.Count == keep && candidates.TryPeek(out _, out var weakest) && bounds[cluster] < weakest) break;
            for (var position = _clusterStart[cluster]; position < _clusterStart[cluster + 1]; position++)
            {
                var approximate = _scales[position] * queryScale * Int8Codes.Dot(_codes.AsSpan(position * _padded, _padded), code);
                if (candidates.Count < keep) candidates.Enqueue(position, approximate);
                else if (candidates.TryPeek(out _, out var lowest) && approximate > lowest) candidates.EnqueueDequeue(position, approximate);
            }
            scanned += _clusterStart[cluster + 1] - _clusterStart[cluster];
        }
        while (candidates.TryDequeue(out var position, out _))
        {
            var item = _itemAt[position];
            var exact = TensorPrimitives.Dot(query, Row(item));
            if (exact > floor) result.Add((item, exact));
        }
        // Ties go to the lower item index, as in the exhaustive scan (TopK).
        result.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
        if (result.Count > count) result.RemoveRange(count, result.Count - count);
        return result;
    }

    private ReadOnlySpan<float> Row(int item) => _itemFactors.AsSpan(item * _factors, _factors);

    /// <summary>Cluster numbers, highest bound first; the bounds by cluster number.</summary>
    private int[] ClustersByBound(ReadOnlySpan<float> query, out float[] bounds)
    {
        var clusters = ClusterCount;
        bounds = new float[clusters];
        RowDotProducts.Compute(_centroids, query, bounds);
        var norm = TensorPrimitives.Norm(query);
        for (var c = 0; c < clusters; c++) bounds[c] += norm * _radius[c];
        var order = new int[clusters];
        var keys = new float[clusters];
        for (var c = 0; c < clusters; c++)
        {
            order[c] = c;
            keys[c] = -bounds[c];
        }
        Array.Sort(keys, order);
        return order;
    }

    /// <summary>Lloyd's k-means from an even sample of the items, started at evenly spaced items (deterministic).</summary>
    private static float[] KMeans(float[] itemFactors, int items, int factors, int clusters)
    {
        var step = Math.Max(1, items / MaxTrainingItems);
        var sample = Enumerable.Range(0, items).Where(i => i % step == 0).Take(MaxTrainingItems).ToArray();
        var sampled = new float[sample.Length * factors];
        for (var s = 0; s < sample.Length; s++) itemFactors.AsSpan(sample[s] * factors, factors).CopyTo(sampled.AsSpan(s * factors));
        var centroids = new float[clusters * factors];
        for (var c = 0; c < clusters; c++)
            sampled.AsSpan((int)((long)c * sample.Length / clusters) * factors, factors).CopyTo(centroids.AsSpan(c * factors));
        for (var iteration = 0; iteration < KMeansIterations; iteration++)
        {
            var assigned = Assign(sampled, sample.Length, factors, centroids);
            var sums = new float[clusters * factors];
            var sizes = new int[clusters];
            for (var s = 0; s < sample.Length; s++)
            {
                var c = assigned[s];
                sizes[c]++;
                TensorPrimitives.Add(sums.AsSpan(c * factors, factors), sampled.AsSpan(s * factors, factors), sums.AsSpan(c * factors, factors));
            }
            // An empty cluster keeps its centroid.
            for (var c = 0; c < clusters; c++)
                if (sizes[c] > 0) TensorPrimitives.Multiply(sums.AsSpan(c * factors, factors), 1f / sizes[c], centroids.AsSpan(c * factors, factors));
        }
        return centroids;
    }

    /// <summary>Each row's nearest centroid: the largest x·c − |c|²/2.</summary>
    private static int[] Assign(float[] rows, int count, int factors, float[] centroids)
    {
        var clusters = centroids.Length / factors;
        var halfSquares = new float[clusters];
        for (var c = 0; c < clusters; c++)
        {
            var centroid = centroids.AsSpan(c * factors, factors);
            halfSquares[c] = TensorPrimitives.Dot(centroid, centroid) / 2;
        }
        var nearest = new int[count];
        Parallel.For(0, count, TrainingThreads.Options, () => new float[clusters], (row, _, scores) =>
        {
            RowDotProducts.Compute(centroids, rows.AsSpan(row * factors, factors), scores);
            TensorPrimitives.Subtract(scores, halfSquares, scores);
            nearest[row] = TensorPrimitives.IndexOfMax(scores);
            return scores;
        }, _ => { });
        return nearest;
    }
}
