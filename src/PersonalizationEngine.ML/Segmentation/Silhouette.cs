namespace PersonalizationEngine.ML.Segmentation;

/// <summary>
/// The mean silhouette of a clustering (Rousseeuw 1987): per point, (b − a) / max(a, b) with a its mean
/// distance to its own cluster and b to the nearest other one; 1 is tight, well separated clusters, 0
/// overlapping ones. Quadratic in the points, so callers pass a sample.
/// </summary>
public static class Silhouette
{
    public static double Mean(IReadOnlyList<float[]> points, IReadOnlyList<int> clusters, int k)
    {
        if (k < 2 || points.Count < 2) return 0;
        var total = 0.0;
        for (var i = 0; i < points.Count; i++)
        {
            var sums = new double[k];
            var counts = new int[k];
            for (var j = 0; j < points.Count; j++)
            {
                if (i == j) continue;
                sums[clusters[j]] += Distance(points[i], points[j]);
                counts[clusters[j]]++;
            }
            var own = clusters[i];
            if (counts[own] == 0) continue; // a point alone in its cluster scores 0
            var a = sums[own] / counts[own];
            var b = Enumerable.Range(0, k).Where(c => c != own && counts[c] > 0).Select(c => sums[c] / counts[c]).DefaultIfEmpty(a).Min();
            total += Math.Max(a, b) > 0 ? (b - a) / Math.Max(a, b) : 0;
        }
        return total / points.Count;
    }

    private static double Distance(float[] x, float[] y) => System.Numerics.Tensors.TensorPrimitives.Distance(x, y);
}
