using System.Numerics.Tensors;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// A trained model as it serves: item ids and factors, immutable. A customer's vector is folded in from
/// their interactions against these factors on demand (exact least squares, microseconds), so a new event
/// changes the next recommendation without retraining. Thread-safe; saved and loaded as a binary snapshot.
/// </summary>
public sealed class ItemFactorSnapshot
{
    private const int FormatVersion = 1;
    private readonly ConfidenceWeightedSolver _solver;
    private readonly float[] _gram;
    private readonly Dictionary<string, int> _indexOf;

    public ItemFactorSnapshot(IReadOnlyList<string> itemIds, float[] itemFactors, int factors, float alpha, float regularization)
    {
        if (itemFactors.Length != itemIds.Count * factors) throw new ArgumentException("factor matrix does not match the item count", nameof(itemFactors));
        ItemIds = itemIds;
        ItemFactors = itemFactors;
        Factors = factors;
        Alpha = alpha;
        Regularization = regularization;
        _solver = new ConfidenceWeightedSolver(factors, alpha);
        _gram = _solver.Gram(itemFactors, regularization);
        _indexOf = itemIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> ItemIds { get; }
    public float[] ItemFactors { get; }
    public int Factors { get; }
    public float Alpha { get; }
    public float Regularization { get; }

    public bool TryGetIndex(string itemId, out int index) => _indexOf.TryGetValue(itemId, out index);

    /// <summary>The least-squares vector of a customer with these interactions (item id, strength); zero when none is known.</summary>
    public float[] FoldIn(IEnumerable<(string ItemId, float Value)> interactions)
    {
        var known = interactions
            .Where(x => x.Value > 0 && _indexOf.ContainsKey(x.ItemId))
            .GroupBy(x => _indexOf[x.ItemId])
            .Select(g => (Index: g.Key, Value: g.Sum(x => x.Value)))
            .ToArray();
        var vector = new float[Factors];
        if (known.Length == 0) return vector;
        // k steps of CG from zero solve the k×k system exactly (up to rounding).
        _solver.Solve(known.Select(x => x.Index).ToArray(), known.Select(x => x.Value).ToArray(), ItemFactors, _gram, vector, _solver.NewWorkspace(), Factors);
        return vector;
    }

    /// <summary>Every item's score for a customer vector (SIMD dot products).</summary>
    public void Score(ReadOnlySpan<float> customer, Span<float> scores)
    {
        for (var item = 0; item < ItemIds.Count; item++)
        {
            scores[item] = TensorPrimitives.Dot(customer, ItemFactors.AsSpan(item * Factors, Factors));
        }
    }

    public void Save(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(FormatVersion);
        writer.Write(Factors);
        writer.Write(Alpha);
        writer.Write(Regularization);
        writer.Write(ItemIds.Count);
        foreach (var id in ItemIds) writer.Write(id);
        foreach (var value in ItemFactors) writer.Write(value);
    }

    public static ItemFactorSnapshot Load(Stream source)
    {
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        var version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"unknown model snapshot format {version}");
        var factors = reader.ReadInt32();
        var alpha = reader.ReadSingle();
        var regularization = reader.ReadSingle();
        var ids = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadString()).ToArray();
        var values = new float[ids.Length * factors];
        for (var i = 0; i < values.Length; i++) values[i] = reader.ReadSingle();
        return new ItemFactorSnapshot(ids, values, factors, alpha, regularization);
    }
}
