using System.Numerics.Tensors;
using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// EASE over the top co-occurrence graph, for catalogs too large for the dense inverse. EASE's column j is
/// the ridge regression of item j's customers on every other item's (Steck 2019, the closed form is the
/// same regression for every j at once); here each column regresses only on j's <c>support</c> most
/// co-occurring items, with the Gram matrix among them read from each item's top co-occurrence list (a
/// pair outside both lists counts as never seen together). That is one small dense solve per item,
/// O(items · support³) time and O(items · support) memory, instead of O(items³) and O(items²). Like EASE's,
/// the weights are regression weights: an item that co-occurs with j only because it co-occurs with
/// everything is discounted by the others, which cosine kNN does not do.
/// </summary>
public static class SparseEase
{
    public const string Method = "sparse-ease";

    /// <param name="support">How many co-occurring items each item's column may use.</param>
    public static ItemNeighbors Fit(InteractionMatrix train, int perItem, double lambda, int support, IProgress<double>? progress = null)
    {
        var n = train.ItemCount;
        var graph = TopCoOccurrences(train, 2 * support);
        progress?.Report(0.3);

        // Column j: B[a, j] for a in j's support; kept per source item a afterwards.
        var columns = new (int[] Items, float[] Weights)[n];
        Parallel.For(0, n, TrainingThreads.Options, () => new ColumnWorkspace(n, support), (j, _, workspace) =>
        {
            columns[j] = workspace.Solve(j, graph, train.ByItem, lambda);
            return workspace;
        }, _ => { });
        progress?.Report(0.8);

        var bySource = Transpose(columns, n);
        return ItemNeighbors.FromRows(n, perItem, Method, (source, row) =>
        {
            foreach (var (target, weight) in bySource[source]) row[target] = weight;
        });
    }

    /// <summary>Each item's <paramref name="keep"/> most co-occurring items (customers in common), as (item, count) by decreasing count.</summary>
    private static (int[] Items, float[] Counts)[] TopCoOccurrences(InteractionMatrix train, int keep)
    {
        var n = train.ItemCount;
        var graph = new (int[] Items, float[] Counts)[n];
        Parallel.For(0, n, TrainingThreads.Options, () => new float[n], (item, _, row) =>
        {
            var touched = new List<int>();
            foreach (var user in train.ByItem.ColumnsOf(item))
            {
                foreach (var other in train.ByUser.ColumnsOf(user))
                {
                    if (other == item) continue;
                    if (row[other] == 0) touched.Add(other);
                    row[other] += 1;
                }
            }
            var counts = touched.Select(t => row[t]).ToArray();
            var best = TopK.Select(counts, keep);
            graph[item] = (best.Select(b => touched[b]).ToArray(), best.Select(b => counts[b]).ToArray());
            foreach (var t in touched) row[t] = 0;
            return row;
        }, _ => { });
        return graph;
    }

    private static List<(int Target, float Weight)>[] Transpose((int[] Items, float[] Weights)[] columns, int n)
    {
        var bySource = Enumerable.Range(0, n).Select(_ => new List<(int, float)>()).ToArray();
        for (var target = 0; target < n; target++)
        {
            var (items, weights) = columns[target];
            for (var p = 0; p < items.Length; p++) bySource[items[p]].Add((target, weights[p]));
        }
        return bySource;
    }

    /// <summary>One thread's buffers for the per-item solves.</summary>
    private sealed class ColumnWorkspace(int items, int support)
    {
        private readonly int[] _positionOf = Enumerable.Repeat(-1, items).ToArray();
        private readonly double[] _gram = new double[support * support];
        private readonly double[] _rhs = new double[support];

        public (int[] Items, float[] Weights) Solve(int j, (int[] Items, float[] Counts)[] graph, InteractionMatrix.Csr byItem, double lambda)
        {
            var (neighbors, counts) = graph[j];
            var m = Math.Min(support, neighbors.Length);
            if (m == 0) return ([], []);
            for (var p = 0; p < m; p++) _positionOf[neighbors[p]] = p;
            Array.Clear(_gram, 0, m * m);
            for (var p = 0; p < m; p++)
            {
                var (others, together) = graph[neighbors[p]];
                for (var o = 0; o < others.Length; o++)
                {
                    var q = _positionOf[others[o]];
                    if (q < 0) continue;
                    // Symmetric: a pair in either item's list counts.
                    _gram[p * m + q] = Math.Max(_gram[p * m + q], together[o]);
                    _gram[q * m + p] = _gram[p * m + q];
                }
                _gram[p * m + p] = byItem.CountOf(neighbors[p]) + lambda;
                _rhs[p] = counts[p];
            }
            for (var p = 0; p < m; p++) _positionOf[neighbors[p]] = -1;
            CholeskySolve(_gram, m, _rhs);
            return (neighbors[..m], _rhs.AsSpan(0, m).ToArray().Select(w => (float)w).ToArray());
        }

        /// <summary>Solves G·x = b in place (x in <paramref name="b"/>) for a symmetric positive definite G (row-major m × m, overwritten).</summary>
        private static void CholeskySolve(double[] g, int m, double[] b)
        {
            for (var i = 0; i < m; i++)
            {
                for (var k = 0; k <= i; k++)
                {
                    var sum = g[i * m + k] - TensorPrimitives.Dot(g.AsSpan(i * m, k), g.AsSpan(k * m, k));
                    g[i * m + k] = i == k ? Math.Sqrt(Math.Max(sum, 1e-12)) : sum / g[k * m + k];
                }
            }
            for (var i = 0; i < m; i++)
            {
                b[i] = (b[i] - TensorPrimitives.Dot(g.AsSpan(i * m, i), b.AsSpan(0, i))) / g[i * m + i];
            }
            for (var i = m - 1; i >= 0; i--)
            {
                var sum = b[i];
                for (var l = i + 1; l < m; l++) sum -= g[l * m + i] * b[l];
                b[i] = sum / g[i * m + i];
            }
        }
    }
}
