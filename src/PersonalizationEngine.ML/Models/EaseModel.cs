using System.Numerics.Tensors;
using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): an item-to-item weight
/// matrix in closed form, B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹ and zero diagonal; a user's
/// scores are their (binary) row times B. Exact and strong on catalogs of a few thousand items; the
/// inverse is O(items³) time and O(items²) memory, so it refuses catalogs above <see cref="MaxItems"/>.
/// </summary>
public sealed class EaseModel(double lambda = 400) : IRankingModel
{
    public const int MaxItems = 12_000;

    private float[] _weights = [];
    private int _items;
    private InteractionMatrix? _train;

    public string Name => "ease";

    public void Fit(InteractionMatrix train, IProgress<double>? progress = null)
    {
        var n = train.ItemCount;
        if (n > MaxItems) throw new InvalidOperationException($"EASE handles at most {MaxItems} items; this catalog has {n}");
        var gram = Gram(train, lambda);
        DenseInverse.InvertSymmetricPositiveDefinite(gram, n, progress);
        _weights = new float[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                _weights[i * n + j] = i == j ? 0f : (float)(-gram[i * n + j] / gram[j * n + j]);
            }
        }
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
    private static double[] Gram(InteractionMatrix train, double lambda)
    {
        var n = train.ItemCount;
        var gram = new double[n * n];
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
