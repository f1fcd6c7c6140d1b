using System.Buffers;
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Retrieval;

/// <summary>
/// Retrieval of the products with the highest factor score for a customer without reading every row: an
/// inverted-file index (IVF). Items are clustered by k-means and stored cluster after cluster as int8
/// codes (<see cref="Int8Codes"/>). A query visits clusters in order of an upper bound on any member's
/// score (q·c + |q|·radius, Cauchy–Schwarz) until it has scanned its budget (an eighth of the catalog, at
/// least 2,048 items) or the bound of the clusters left is below every candidate kept; the best
/// approximate candidates are then rescored with the exact float factors.
/// Built once when a model is published or loaded; immutable and thread-safe.
/// </summary>
public sealed class FactorIndex
{
    /// <summary>Average cluster size the k-means aims for (√n clusters would do as well at 20,000 items).</summary>
    private const int ItemsPerCluster = 128;
    /// <summary>Clusters past this size are split (<see cref="SplitLargeClusters"/>).</summary>
    private const int MaxClusterSize = 4 * ItemsPerCluster;
    private const int KMeansIterations = 8;
    /// <summary>k-means learns centroids from at most this many items (an even sample); all are assigned.</summary>
    private const int MaxTrainingItems = 32_768;
    /// <summary>A query scans at most this share of the catalog, or <see cref="MinScanned"/> items, whichever is more.</summary>
    private const double MaxScannedShare = 0.125;
    private const int MinScanned = 2_048;
    /// <summary>Approximate candidates kept per wanted item, rescored exactly (int8 scores are within about 1% of the float ones).</summary>
    private const int RescoredPerResult = 2;

    private readonly float[] _itemFactors;
    private readonly int _factors;
    private readonly int _padded;
    private readonly float[] _centroids;
    private readonly float[] _radius;
    private readonly int[] _clusterStart;
    private readonly int[] _itemAt;
    private readonly sbyte[] _codes;
    private readonly float[] _scales;
    private readonly int _largestCluster;

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
        _largestCluster = _clusterStart.Max();
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
        var clusterOf = Assign(itemFactors, items, factors, centroids);
        return new FactorIndex(itemFactors, factors, SplitLargeClusters(itemFactors, factors, centroids, clusterOf), clusterOf);
    }

    /// <summary>
    /// Clusters larger than <see cref="MaxClusterSize"/> split by k-means of their own members (clusterOf is
    /// updated; the new centroids are returned). Trained factors are not spread evenly: products with little
    /// data sit close together near the origin, where k-means can gather a large share of the catalog into
    /// one cluster, and a query scans whole clusters.
    /// </summary>
    private static float[] SplitLargeClusters(float[] itemFactors, int factors, float[] centroids, int[] clusterOf)
    {
        var all = new List<float>(centroids);
        var members = clusterOf.Select((cluster, item) => (cluster, item)).GroupBy(x => x.cluster, x => x.item)
            .Where(g => g.Count() > MaxClusterSize).ToArray();
        foreach (var cluster in members)
        {
            var items = cluster.ToArray();
            var rows = new float[items.Length * factors];
            for (var i = 0; i < items.Length; i++) itemFactors.AsSpan(items[i] * factors, factors).CopyTo(rows.AsSpan(i * factors));
            var parts = KMeans(rows, items.Length, factors, (items.Length + ItemsPerCluster - 1) / ItemsPerCluster);
            var partOf = Assign(rows, items.Length, factors, parts);
            // The first part keeps the cluster's number; the others are appended.
            var first = all.Count / factors;
            parts.AsSpan(0, factors).CopyTo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(all).Slice(cluster.Key * factors, factors));
            all.AddRange(parts.AsSpan(factors).ToArray());
            for (var i = 0; i < items.Length; i++) clusterOf[items[i]] = partOf[i] == 0 ? cluster.Key : first + partOf[i] - 1;
        }
        return [.. all];
    }

    /// <summary>
    /// The (about) <paramref name="count"/> items with the highest exact score q·x, best first; fewer when
    /// the catalog is smaller or fewer score above <paramref name="above"/>.
    /// </summary>
    /// <param name="above">
    /// Only items scoring higher are wanted: a cluster whose bound is not higher is never read, so a caller that
    /// knows what an item must beat (the other list it is merged with) passes over most clusters.
    /// </param>
    public List<(int Item, float Score)> Search(ReadOnlySpan<float> query, int count, float above = float.NegativeInfinity)
    {
        if (count <= 0 || ItemCount == 0) return [];
        var budget = Math.Max(MinScanned, (int)(ItemCount * MaxScannedShare));
        Span<short> code = stackalloc short[_padded];
        var queryScale = Int8Codes.EncodeQuery(query, code);
        var keep = count * RescoredPerResult;
        var best = new Candidates(keep);
        // Pooled: a Recommend searches once or twice, on every page view.
        var boundArray = ArrayPool<float>.Shared.Rent(ClusterCount);
        var orderArray = ArrayPool<int>.Shared.Rent(ClusterCount);
        var dots = ArrayPool<int>.Shared.Rent(_largestCluster);
        try
        {
            var bounds = boundArray.AsSpan(0, ClusterCount);
            var order = orderArray.AsSpan(0, ClusterCount);
            var sorted = ClustersByBound(query, budget, bounds, order);
            // Stage one: approximate scores of whole clusters, best bound first, until the budget is spent or
            // no member of the clusters left can reach the candidates kept or score above what is wanted.
            var scanned = 0;
            for (var i = 0; i < order.Length && scanned < budget; i++)
            {
                if (i == sorted) sorted += SortByBound(bounds[i..], order[i..]);
                if (bounds[i] < best.Threshold || bounds[i] <= above) break;
                var (first, size) = (_clusterStart[order[i]], _clusterStart[order[i] + 1] - _clusterStart[order[i]]);
                var clusterDots = dots.AsSpan(0, size);
                Int8Codes.DotRows(_codes.AsSpan(first * _padded, size * _padded), code, clusterDots);
                for (var member = 0; member < size; member++) best.Offer(first + member, _scales[first + member] * queryScale * clusterDots[member]);
                scanned += size;
            }
            // Stage two: the best approximate candidates rescored exactly, in their own buffers: each position
            // becomes its item, each score the exact one, negated to sort best first.
            var items = best.Held(out var exact);
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = _itemAt[items[i]];
                exact[i] = -TensorPrimitives.Dot(query, Row(items[i]));
            }
            // Best first; ties go to the lower item index, as in the exhaustive scan (TopK).
            exact.Sort(items);
            var result = new List<(int Item, float Score)>(Math.Min(count, items.Length));
            for (var i = 0; i < items.Length && result.Count < count && -exact[i] > above; i++) result.Add((items[i], -exact[i]));
            return result;
        }
        finally
        {
            best.Return();
            ArrayPool<float>.Shared.Return(boundArray);
            ArrayPool<int>.Shared.Return(orderArray);
            ArrayPool<int>.Shared.Return(dots);
        }
    }

    /// <summary>
    /// The best <c>keep</c> approximate scores seen, with a running threshold: offers go into a buffer of
    /// <see cref="BufferPerKept"/> times that size, and a full buffer is cut back to the best <c>keep</c> (a
    /// linear selection), whose lowest becomes the threshold that most later offers fail at one comparison.
    /// </summary>
    private struct Candidates(int keep)
    {
        /// <summary>
        /// Cluster order follows an upper bound, not the scores, so a good share of a scan's offers beat the
        /// threshold: a buffer of four times what is kept is cut back a third as often as one of twice.
        /// </summary>
        private const int BufferPerKept = 4;
        private readonly int[] _positions = ArrayPool<int>.Shared.Rent(BufferPerKept * keep);
        private readonly float[] _scores = ArrayPool<float>.Shared.Rent(BufferPerKept * keep);
        private int _count;

        /// <summary>What an offer must beat once <c>keep</c> are held; −∞ until then.</summary>
        public float Threshold { get; private set; } = float.NegativeInfinity;

        /// <remarks>
        /// A score equal to the threshold is turned away: the first offered win a tie at the cut anyway, and
        /// products with the same content (cold-start factors) tie by the thousand, refilling the buffer.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Offer(int position, float score)
        {
            if (score <= Threshold) return;
            if (_count == BufferPerKept * keep) CutBack();
            _positions[_count] = position;
            _scores[_count++] = score;
        }

        /// <summary>The positions held and their scores, the best <c>keep</c> at most (on a tie at the cut, the first offered); valid until <see cref="Return"/>.</summary>
        public Span<int> Held(out Span<float> scores)
        {
            if (_count > keep) CutBack();
            scores = _scores.AsSpan(0, _count);
            return _positions.AsSpan(0, _count);
        }

        /// <summary>Keeps every score above the <c>keep</c>-th largest and, of those equal to it, the first offered.</summary>
        private void CutBack()
        {
            var scores = _scores.AsSpan(0, _count);
            var threshold = Selection.KthLargest(scores, keep);
            var ties = keep;
            foreach (var score in scores) if (score > threshold) ties--;
            var kept = 0;
            for (var i = 0; i < _count; i++)
            {
                if (_scores[i] < threshold || (_scores[i] == threshold && ties-- <= 0)) continue;
                (_positions[kept], _scores[kept]) = (_positions[i], _scores[i]);
                kept++;
            }
            _count = kept;
            Threshold = threshold;
        }

        public readonly void Return()
        {
            ArrayPool<int>.Shared.Return(_positions);
            ArrayPool<float>.Shared.Return(_scores);
        }
    }

    private ReadOnlySpan<float> Row(int item) => _itemFactors.AsSpan(item * _factors, _factors);

    /// <summary>
    /// Fills the cluster numbers and their bounds and returns how many lead highest bound first: enough clusters
    /// for twice the scan budget at the average cluster size (a query seldom reaches further), found by a
    /// selection instead of sorting every cluster; the rest follow unsorted, for the scan to sort if it gets there.
    /// </summary>
    private int ClustersByBound(ReadOnlySpan<float> query, int budget, Span<float> bounds, Span<int> order)
    {
        var clusters = ClusterCount;
        RowDotProducts.Compute(_centroids, query, bounds);
        TensorPrimitives.MultiplyAdd(_radius, TensorPrimitives.Norm(query), bounds, bounds);
        for (var c = 0; c < clusters; c++) order[c] = c;
        var wanted = (int)Math.Min(clusters, 2L * budget * clusters / Math.Max(1, ItemCount) + 1);
        if (wanted >= clusters) return SortByBound(bounds, order);
        // The clusters at or above the wanted-th highest bound go first (ties may add a few).
        var threshold = Selection.KthLargest(bounds, wanted);
        var front = 0;
        for (var c = 0; c < clusters; c++)
        {
            if (bounds[c] < threshold) continue;
            (bounds[front], bounds[c]) = (bounds[c], bounds[front]);
            (order[front], order[c]) = (order[c], order[front]);
            front++;
        }
        return SortByBound(bounds[..front], order[..front]);
    }

    /// <summary>Sorts the clusters highest bound first; returns how many.</summary>
    private static int SortByBound(Span<float> bounds, Span<int> order)
    {
        TensorPrimitives.Negate(bounds, bounds);
        bounds.Sort(order);
        TensorPrimitives.Negate(bounds, bounds);
        return bounds.Length;
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
