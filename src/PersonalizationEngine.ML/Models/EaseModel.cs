using System.Buffers;
using System.Numerics.Tensors;
using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): an item-to-item weight
/// matrix in closed form, B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹ and zero diagonal; a user's
/// scores are their (binary) row times B. Exact and strong up to tens of thousands of items: the Gram matrix
/// and its inverse share one lower triangle of float blocks (<see cref="SymmetricMatrix"/>, inverted in place by
/// <see cref="BlockedInverse"/>), 0.8 GB at 20,000 items, and B's rows are read from P when asked for, so it
/// refuses catalogs above <see cref="MaxItems"/>. Dispose it to return that memory at once.
/// </summary>
public sealed class EaseModel(double lambda = 400) : IRankingModel, IDisposable
{
    public const int MaxItems = 20_000;

    /// <summary>The memory a fit on <paramref name="items"/> items takes beyond its input: the Gram matrix's lower triangle.</summary>
    public static long FitBytes(int items) => SymmetricMatrix.Bytes(items);

    private SymmetricMatrix? _inverse;
    private float[] _diagonal = [];
    private InteractionMatrix? _train;

    public string Name => "ease";

    public void Fit(InteractionMatrix train, IProgress<double>? progress = null)
    {
        var n = train.ItemCount;
        if (n > MaxItems) throw new InvalidOperationException($"EASE handles at most {MaxItems} items; this catalog has {n}");
        var p = Gram(train, (float)lambda);
        BlockedInverse.InvertSymmetricPositiveDefinite(p, progress);
        _diagonal = new float[n];
        for (var i = 0; i < n; i++) _diagonal[i] = p.At(i, i);
        _inverse?.Dispose();
        _inverse = p;
        _train = train;
    }

    /// <summary>Hands P's memory back (B's rows are gone with it).</summary>
    public void Dispose() => _inverse?.Dispose();

    /// <summary>Writes row <paramref name="item"/> of B (how much having it adds to every item's score) into <paramref name="row"/>: B[item, j] = −P[item, j] / P[j, j], 0 for j = item.</summary>
    public void WeightsOf(int item, Span<float> row)
    {
        var weights = row[.._diagonal.Length];
        _inverse!.CopyRow(item, weights);
        TensorPrimitives.Divide(weights, _diagonal, weights);
        TensorPrimitives.Negate(weights, weights);
        weights[item] = 0;
    }

    public void Score(int user, Span<float> scores)
    {
        scores.Clear();
        var row = ArrayPool<float>.Shared.Rent(_diagonal.Length);
        try
        {
            var weights = row.AsSpan(0, _diagonal.Length);
            foreach (var item in _train!.ByUser.ColumnsOf(user))
            {
                WeightsOf(item, weights);
                TensorPrimitives.Add(scores, weights, scores);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(row);
        }
    }

    /// <summary>XᵀX of the binary interaction matrix, plus λ on the diagonal.</summary>
    private static SymmetricMatrix Gram(InteractionMatrix train, float lambda)
    {
        var gram = new SymmetricMatrix(train.ItemCount);
        for (var user = 0; user < train.UserCount; user++)
        {
            var items = train.ByUser.ColumnsOf(user);
            for (var x = 0; x < items.Length; x++)
                for (var y = 0; y <= x; y++) gram.AddSymmetric(items[x], items[y], 1);
        }
        for (var i = 0; i < train.ItemCount; i++) gram.At(i, i) += lambda;
        return gram;
    }
}
