using System.Numerics.Tensors;
using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): an item-to-item weight
/// matrix in closed form, B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹ and zero diagonal; a user's
/// scores are their (binary) row times B. Exact and strong up to tens of thousands of items: the inverse is
/// a blocked SIMD Gauss–Jordan in float (<see cref="BlockedInverse"/>), and the Gram matrix, its inverse
/// and B share one n×n float array (1.6 GB at 20,000 items), so it refuses catalogs above <see cref="MaxItems"/>.
/// </summary>
public sealed class EaseModel(double lambda = 400) : IRankingModel
{
    public const int MaxItems = 20_000;

    private float[] _weights = [];
    private int _items;
    private InteractionMatrix? _train;

    public string Name => "ease";

    public void Fit(InteractionMatrix train, IProgress<double>? progress = null)
    {
        var n = train.ItemCount;
        if (n > MaxItems) throw new InvalidOperationException($"EASE handles at most {MaxItems} items; this catalog has {n}");
        var p = Gram(train, (float)lambda);
        BlockedInverse.InvertSymmetricPositiveDefinite(p, n, progress);
        var diagonal = new float[n];
        for (var i = 0; i < n; i++) diagonal[i] = p[i * n + i];
        // B[i, j] = −P[i, j] / P[j, j], in place, row by row.
        Parallel.For(0, n, TrainingThreads.Options, i =>
        {
            var row = p.AsSpan(i * n, n);
            TensorPrimitives.Divide(row, diagonal, row);
            TensorPrimitives.Negate(row, row);
            row[i] = 0;
        });
        _weights = p;
        _items = n;
        _train = train;
    }

    /// <summary>Row <paramref name="item"/> of B: how much having <paramref name="item"/> adds to every item's score.</summary>
    public ReadOnlySpan<float> WeightsOf(int item) => _weights.AsSpan(item * _items, _items);

    public void Score(int user, Span<float> scores)
    {
        scores.Clear();
        foreach (var item in _train!.ByUser.ColumnsOf(user))
        {
            TensorPrimitives.Add(scores, _weights.AsSpan(item * _items, _items), scores);
        }
    }

    /// <summary>XᵀX of the binary interaction matrix, plus λ on the diagonal.</summary>
    private static float[] Gram(InteractionMatrix train, float lambda)
    {
        var n = train.ItemCount;
        var gram = new float[n * n];
        for (var user = 0; user < train.UserCount; user++)
        {
            var items = train.ByUser.ColumnsOf(user);
            foreach (var a in items)
            {
                var row = gram.AsSpan(a * n, n);
                foreach (var b in items) row[b] += 1;
            }
        }
        for (var i = 0; i < n; i++) gram[i * n + i] += lambda;
        return gram;
    }
}
