using System.Numerics.Tensors;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Segmentation;

/// <summary>
/// The customer embedding reduced for segmentation: the customer folded into a recommendation model's
/// item factors (from the products they touched), projected on the leading principal components of the
/// trained customers' folded vectors. It keeps its own copy of the item factors, so a segment model's
/// taste means the same however often the recommendation model is retrained.
/// </summary>
public sealed class TasteProjection
{
    private readonly float[] _mean;
    private readonly float[][] _components;

    private TasteProjection(ItemFactorSnapshot snapshot, float[] mean, float[][] components)
    {
        Snapshot = snapshot;
        _mean = mean;
        _components = components;
    }

    public ItemFactorSnapshot Snapshot { get; }

    public int Dimensions => _components.Length;

    /// <summary>The principal directions of the customers' folded-in vectors (power iteration with deflation).</summary>
    public static TasteProjection Fit(ItemFactorSnapshot snapshot, IEnumerable<CustomerActivity> customers, int dimensions)
    {
        var vectors = customers.Select(c => FoldIn(snapshot, c)).ToList();
        var d = snapshot.Factors;
        var mean = new float[d];
        foreach (var v in vectors) TensorPrimitives.Add(mean, v, mean);
        if (vectors.Count > 0) TensorPrimitives.Divide(mean, vectors.Count, mean);
        var covariance = new double[d, d];
        var centered = new float[d];
        foreach (var v in vectors)
        {
            TensorPrimitives.Subtract(v, mean, centered);
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++) covariance[i, j] += centered[i] * centered[j];
        }
        var components = new float[Math.Min(dimensions, d)][];
        for (var c = 0; c < components.Length; c++)
        {
            components[c] = LeadingEigenvector(covariance, d, seed: c);
            Deflate(covariance, components[c], d);
        }
        return new TasteProjection(snapshot, mean, components);
    }

    /// <summary>The customer's coordinates on the components (the mean customer is at 0).</summary>
    public float[] Project(CustomerActivity customer)
    {
        var centered = FoldIn(Snapshot, customer);
        TensorPrimitives.Subtract(centered, _mean, centered);
        return _components.Select(c => TensorPrimitives.Dot(centered, c)).ToArray();
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(_mean.Length);
        writer.Write(_components.Length);
        foreach (var value in _mean.Concat(_components.SelectMany(c => c))) writer.Write(value);
        writer.Flush();
        Snapshot.Save(writer.BaseStream);
    }

    public static TasteProjection Load(BinaryReader reader)
    {
        var d = reader.ReadInt32();
        var count = reader.ReadInt32();
        var mean = ReadFloats(reader, d);
        var components = Enumerable.Range(0, count).Select(_ => ReadFloats(reader, d)).ToArray();
        return new TasteProjection(ItemFactorSnapshot.Load(reader.BaseStream), mean, components);
    }

    private static float[] FoldIn(ItemFactorSnapshot snapshot, CustomerActivity customer) =>
        customer.Products.Count == 0 ? new float[snapshot.Factors] : snapshot.FoldIn(customer.WeightedProducts());

    private static float[] LeadingEigenvector(double[,] matrix, int d, int seed)
    {
        var random = new Random(seed);
        var vector = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var next = new double[d];
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++) next[i] += matrix[i, j] * vector[j];
            var norm = Math.Sqrt(next.Sum(x => x * x));
            if (norm == 0) break; // no variance left: any direction is as good
            vector = next.Select(x => x / norm).ToArray();
        }
        return vector.Select(x => (float)x).ToArray();
    }

    /// <summary>Removes the found direction's variance, so the next power iteration finds the next component.</summary>
    private static void Deflate(double[,] matrix, float[] vector, int d)
    {
        var variance = 0.0;
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++) variance += vector[i] * matrix[i, j] * vector[j];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++) matrix[i, j] -= variance * vector[i] * vector[j];
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = reader.ReadSingle();
        return values;
    }
}
