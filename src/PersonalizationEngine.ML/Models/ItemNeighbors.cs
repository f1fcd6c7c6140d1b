using System.Numerics.Tensors;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// Each item's strongest related items with their weights, kept sparse (a fixed number per item), so a
/// catalog of 20,000 products with 30 neighbors each takes under 5 MB. Immutable and thread-safe; this is
/// the item-to-item part of a served model, read without any grain call.
/// </summary>
public sealed class ItemNeighbors
{
    private readonly int[] _offsets;
    private readonly int[] _items;
    private readonly float[] _weights;

    private ItemNeighbors(int[] offsets, int[] items, float[] weights, string method)
    {
        _offsets = offsets;
        _items = items;
        _weights = weights;
        Method = method;
    }

    /// <summary>How the weights were learned ("ease", "sparse-ease", or "cosine" in older snapshots).</summary>
    public string Method { get; }

    public int ItemCount => _offsets.Length - 1;

    /// <summary>
    /// Item <paramref name="item"/>'s neighbors (item indices) by decreasing weight: the positive links
    /// first, strongest first, then the negative ones.
    /// </summary>
    public ReadOnlySpan<int> ItemsOf(int item) => _items.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);

    /// <summary>The weights of <see cref="ItemsOf"/>, in the same order; none is zero.</summary>
    public ReadOnlySpan<float> WeightsOf(int item) => _weights.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);

    /// <summary>
    /// Keeps each item's <paramref name="perItem"/> weights of the largest magnitude from a dense weight row
    /// (written by <paramref name="fillRow"/> into the span it is given). Rows are filled in parallel. The
    /// negative ones are EASE's "customers with this rarely take that": keeping them ranked the held-out
    /// items better than the positive ones alone on both validation splits (docs/benchmarks.md).
    /// </summary>
    public static ItemNeighbors FromRows(int itemCount, int perItem, string method, Action<int, float[]> fillRow)
    {
        var rows = new (int[] Items, float[] Weights)[itemCount];
        Parallel.For(0, itemCount, TrainingThreads.Options, () => (Row: new float[itemCount], Magnitude: new float[itemCount]), (item, _, buffers) =>
        {
            var (row, magnitude) = buffers;
            Array.Clear(row);
            fillRow(item, row);
            TensorPrimitives.Abs(row, magnitude);
            magnitude[item] = float.NaN; // an item is never its own neighbor
            var kept = TopK.Select(magnitude, perItem).Where(j => row[j] != 0).ToArray();
            Array.Sort(kept, (a, b) => row[b].CompareTo(row[a]));
            rows[item] = (kept, kept.Select(j => row[j]).ToArray());
            return buffers;
        }, _ => { });

        var offsets = new int[itemCount + 1];
        for (var i = 0; i < itemCount; i++) offsets[i + 1] = offsets[i] + rows[i].Items.Length;
        var items = new int[offsets[^1]];
        var weights = new float[offsets[^1]];
        for (var i = 0; i < itemCount; i++)
        {
            rows[i].Items.CopyTo(items, offsets[i]);
            rows[i].Weights.CopyTo(weights, offsets[i]);
        }
        return new ItemNeighbors(offsets, items, weights, method);
    }

    /// <summary>
    /// Each item's <paramref name="perItem"/> links of the largest magnitude from these, through <see cref="FromRows"/>
    /// over rows holding only these links: what a fit with that many keeps, so that validation can try fewer links
    /// per item without fitting again.
    /// </summary>
    public ItemNeighbors Keep(int perItem) => FromRows(ItemCount, perItem, Method, (item, row) =>
    {
        var items = ItemsOf(item);
        var weights = WeightsOf(item);
        for (var n = 0; n < items.Length; n++) row[items[n]] = weights[n];
    });

    public void Save(BinaryWriter writer)
    {
        writer.Write(Method);
        writer.Write(ItemCount);
        foreach (var offset in _offsets) writer.Write(offset);
        foreach (var item in _items) writer.Write(item);
        foreach (var weight in _weights) writer.Write(weight);
    }

    public static ItemNeighbors Load(BinaryReader reader)
    {
        var method = reader.ReadString();
        var offsets = new int[reader.ReadInt32() + 1];
        for (var i = 0; i < offsets.Length; i++) offsets[i] = reader.ReadInt32();
        var items = new int[offsets[^1]];
        for (var i = 0; i < items.Length; i++) items[i] = reader.ReadInt32();
        var weights = new float[items.Length];
        for (var i = 0; i < weights.Length; i++) weights[i] = reader.ReadSingle();
        return new ItemNeighbors(offsets, items, weights, method);
    }
}
