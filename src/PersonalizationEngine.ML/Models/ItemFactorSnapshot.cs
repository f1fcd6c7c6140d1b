using System.Buffers;
using PersonalizationEngine.ML.Ranking;
using PersonalizationEngine.ML.Retrieval;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// A trained model as it serves: item ids and factors, immutable. A customer's vector is folded in from
/// their interactions against these factors on demand (exact least squares, microseconds), so a new event
/// changes the next recommendation without retraining. It may carry the item-to-item model learned in the
/// same training (<see cref="Neighbors"/>, indexed like the factors). Thread-safe; saved and loaded as a
/// binary snapshot.
/// </summary>
public sealed class ItemFactorSnapshot
{
    /// <summary>
    /// Version 4 appends the history's half-life in days (0: none); version 3 the live signals' blend weights;
    /// version 2 the item neighbors and the history share; older versions still load, with the default blend
    /// for what they lack.
    /// </summary>
    private const int FormatVersion = 4;
    private readonly ConfidenceWeightedSolver _solver;
    private readonly float[] _gram;
    /// <summary>G⁻¹·y for every item's factor row (<see cref="ConfidenceWeightedSolver.SolvedRows"/>): short histories fold in through it.</summary>
    private readonly float[] _solvedRows;
    private readonly Dictionary<string, int> _indexOf;

    public ItemFactorSnapshot(
        IReadOnlyList<string> itemIds, float[] itemFactors, int factors, float alpha, float regularization, ItemNeighbors? neighbors = null,
        ServedBlend? blend = null)
    {
        Blend = Checked(blend ?? ServedBlend.Default);
        if (itemFactors.Length != itemIds.Count * factors) throw new ArgumentException("factor matrix does not match the item count", nameof(itemFactors));
        if (neighbors is not null && neighbors.ItemCount != itemIds.Count) throw new ArgumentException("neighbors do not match the item count", nameof(neighbors));
        Neighbors = neighbors;
        ItemIds = itemIds;
        ItemFactors = itemFactors;
        Factors = factors;
        Alpha = alpha;
        Regularization = regularization;
        _solver = new ConfidenceWeightedSolver(factors, alpha);
        _gram = _solver.Gram(itemFactors, regularization);
        _solvedRows = _solver.SolvedRows(itemFactors, _gram);
        _indexOf = itemIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        Index = FactorIndex.Build(itemFactors, factors);
    }

    private static ServedBlend Checked(ServedBlend blend) =>
        blend.HistoryShare is < 0 or > 1 ? throw new ArgumentOutOfRangeException(nameof(blend), "the history share must be between 0 and 1")
        : blend.HistoryHalfLife <= TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(blend), "the history half-life must be positive")
        : blend;

    public IReadOnlyList<string> ItemIds { get; }
    public float[] ItemFactors { get; }
    public int Factors { get; }
    public float Alpha { get; }
    public float Regularization { get; }

    /// <summary>How ranking mixes this model's signals with the live ones, as chosen on the training's validation split.</summary>
    public ServedBlend Blend { get; }

    /// <summary>Retrieval of the best-scored items for a customer vector without a scan of every row (built with the snapshot).</summary>
    public FactorIndex Index { get; }

    /// <summary>The learned item-to-item neighbors; null for a snapshot trained without them.</summary>
    public ItemNeighbors? Neighbors { get; }

    /// <summary>
    /// The same model served with another blend: it shares everything else (factors, neighbors, index, the
    /// fold-in Gram matrix and solved rows, and the id lookup), as validation tries a dozen blends on one fitted model.
    /// </summary>
    public ItemFactorSnapshot WithBlend(ServedBlend blend) => new(this, blend, Neighbors);

    /// <summary>The same model with other item-to-item neighbors (validation tries fewer links per item on one fit).</summary>
    public ItemFactorSnapshot WithNeighbors(ItemNeighbors neighbors) =>
        neighbors.ItemCount == ItemIds.Count ? new(this, Blend, neighbors) : throw new ArgumentException("neighbors do not match the item count", nameof(neighbors));

    private ItemFactorSnapshot(ItemFactorSnapshot model, ServedBlend blend, ItemNeighbors? neighbors)
    {
        Blend = Checked(blend);
        Neighbors = neighbors;
        (ItemIds, ItemFactors, Factors, Alpha, Regularization, Index) =
            (model.ItemIds, model.ItemFactors, model.Factors, model.Alpha, model.Regularization, model.Index);
        (_solver, _gram, _solvedRows, _indexOf) = (model._solver, model._gram, model._solvedRows, model._indexOf);
    }

    public bool TryGetIndex(string itemId, out int index) => _indexOf.TryGetValue(itemId, out index);

    /// <summary>
    /// The learned neighbors of <paramref name="itemId"/> that go with it (positive weights; at most
    /// <paramref name="count"/>), strongest first; null when this snapshot has no item-to-item model or does
    /// not know the item (a product newer than the training).
    /// </summary>
    public Neighbor[]? NeighborsOf(string itemId, int count)
    {
        if (Neighbors is null || !_indexOf.TryGetValue(itemId, out var index)) return null;
        var items = Neighbors.ItemsOf(index);
        var weights = Neighbors.WeightsOf(index);
        var positive = 0;
        while (positive < weights.Length && weights[positive] > 0) positive++;
        var list = new Neighbor[Math.Min(count, positive)];
        for (var n = 0; n < list.Length; n++) list[n] = new Neighbor(ItemIds[items[n]], weights[n], items[n]);
        return list;
    }

    /// <summary>The least-squares vector of a customer with these interactions (item id, strength); zero when none is known.</summary>
    public float[] FoldIn(IEnumerable<(string ItemId, float Value)> interactions)
    {
        var vector = new float[Factors];
        // Pooled: a request folds in a few hundred interactions at most, on every page view.
        var columns = ArrayPool<int>.Shared.Rent(64);
        var values = ArrayPool<float>.Shared.Rent(64);
        try
        {
            var count = 0;
            foreach (var (itemId, value) in interactions)
            {
                if (value <= 0 || !_indexOf.TryGetValue(itemId, out var index)) continue;
                if (count == columns.Length) (columns, values) = (Grown(columns), Grown(values));
                (columns[count], values[count]) = (index, value);
                count++;
            }
            if (count == 0) return vector;
            var known = columns.AsSpan(0, count);
            var strengths = values.AsSpan(0, count);
            // An item named twice counts once, with the strengths summed (as training's matrix does).
            known.Sort(strengths);
            var distinct = 0;
            for (var i = 0; i < known.Length; i++)
            {
                if (distinct > 0 && known[distinct - 1] == known[i]) strengths[distinct - 1] += strengths[i];
                else (known[distinct], strengths[distinct++]) = (known[i], strengths[i]);
            }
            _solver.SolveExact(known[..distinct], strengths[..distinct], ItemFactors, _gram, _solvedRows, vector);
            return vector;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(columns);
            ArrayPool<float>.Shared.Return(values);
        }
    }

    /// <summary>A pooled array twice the size with the same contents; the old one goes back to the pool.</summary>
    private static T[] Grown<T>(T[] array)
    {
        var grown = ArrayPool<T>.Shared.Rent(2 * array.Length);
        array.CopyTo(grown, 0);
        ArrayPool<T>.Shared.Return(array);
        return grown;
    }

    /// <summary>Every item's score for a customer vector (SIMD dot products).</summary>
    public void Score(ReadOnlySpan<float> customer, Span<float> scores) =>
        RowDotProducts.Compute(ItemFactors, customer, scores[..ItemIds.Count]);

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
        writer.Write(Blend.HistoryShare);
        writer.Write(Neighbors is not null);
        Neighbors?.Save(writer);
        writer.Write(Blend.CoInteraction);
        writer.Write(Blend.CategoryAffinity);
        writer.Write(Blend.Popularity);
        writer.Write(Blend.HistoryHalfLife?.TotalDays ?? 0);
    }

    public static ItemFactorSnapshot Load(Stream source)
    {
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        var version = reader.ReadInt32();
        if (version is not (1 or 2 or 3 or FormatVersion)) throw new InvalidDataException($"unknown model snapshot format {version}");
        var factors = reader.ReadInt32();
        var alpha = reader.ReadSingle();
        var regularization = reader.ReadSingle();
        var ids = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadString()).ToArray();
        var values = new float[ids.Length * factors];
        for (var i = 0; i < values.Length; i++) values[i] = reader.ReadSingle();
        if (version == 1) return new ItemFactorSnapshot(ids, values, factors, alpha, regularization);
        var historyShare = reader.ReadDouble();
        var neighbors = reader.ReadBoolean() ? ItemNeighbors.Load(reader) : null;
        var blend = version == 2
            ? ServedBlend.Default with { HistoryShare = historyShare }
            : new ServedBlend(historyShare, reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(),
                version >= 4 && reader.ReadDouble() is > 0 and var days ? TimeSpan.FromDays(days) : null);
        return new ItemFactorSnapshot(ids, values, factors, alpha, regularization, neighbors, blend);
    }
}
