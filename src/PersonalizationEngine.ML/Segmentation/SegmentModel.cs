using System.Numerics.Tensors;
using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.ML.Segmentation;

/// <summary>
/// A trained segmentation: the features' standardization, the k-means centroids in standardized space,
/// each segment's id, description and size, and the taste projection when the embedding is used. A
/// customer belongs to the segment of the nearest centroid, from their live activity.
/// </summary>
public sealed class SegmentModel(
    float[] means, float[] deviations, IReadOnlyList<float[]> centroids, IReadOnlyList<CustomerSegment> segments, double silhouette, TasteProjection? taste)
{
    private const int FormatVersion = 1;

    public IReadOnlyList<CustomerSegment> Segments { get; } = segments;

    /// <summary>The mean silhouette of the chosen clustering on the training sample.</summary>
    public double Silhouette { get; } = silhouette;

    public TasteProjection? Taste { get; } = taste;

    public IReadOnlyList<float[]> Centroids { get; } = centroids;

    public CustomerSegment SegmentOf(CustomerActivity customer, DateTimeOffset now) => Segments[Nearest(Standardize(SegmentFeatures.Of(customer, now, Taste)))];

    /// <summary>Features in standard deviations from the trained customers' mean.</summary>
    public float[] Standardize(float[] features)
    {
        var z = new float[features.Length];
        for (var i = 0; i < z.Length; i++) z[i] = (features[i] - means[i]) / deviations[i];
        return z;
    }

    public int Nearest(float[] standardized) => NearestOf(Centroids, standardized);

    /// <summary>The index of the centroid nearest to a standardized point (also while k is still being chosen).</summary>
    public static int NearestOf(IReadOnlyList<float[]> centroids, float[] standardized)
    {
        var best = 0;
        for (var c = 1; c < centroids.Count; c++)
        {
            if (TensorPrimitives.Distance(standardized, centroids[c]) < TensorPrimitives.Distance(standardized, centroids[best])) best = c;
        }
        return best;
    }

    public void Save(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(FormatVersion);
        writer.Write(means.Length);
        foreach (var value in means.Concat(deviations)) writer.Write(value);
        writer.Write(Segments.Count);
        for (var c = 0; c < Segments.Count; c++)
        {
            writer.Write(Segments[c].Id);
            writer.Write(Segments[c].Description);
            writer.Write(Segments[c].Size);
            foreach (var value in Centroids[c]) writer.Write(value);
        }
        writer.Write(Silhouette);
        writer.Write(Taste is not null);
        Taste?.Save(writer);
    }

    public static SegmentModel Load(Stream source)
    {
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        var version = reader.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"unknown segment model format {version}");
        var d = reader.ReadInt32();
        var means = Floats(reader, d);
        var deviations = Floats(reader, d);
        var count = reader.ReadInt32();
        var segments = new List<CustomerSegment>();
        var centroids = new List<float[]>();
        for (var c = 0; c < count; c++)
        {
            segments.Add(new CustomerSegment(reader.ReadString(), reader.ReadString(), reader.ReadInt64()));
            centroids.Add(Floats(reader, d));
        }
        var silhouette = reader.ReadDouble();
        var taste = reader.ReadBoolean() ? TasteProjection.Load(reader) : null;
        return new SegmentModel(means, deviations, centroids, segments, silhouette, taste);
    }

    private static float[] Floats(BinaryReader reader, int count) => Enumerable.Range(0, count).Select(_ => reader.ReadSingle()).ToArray();
}
