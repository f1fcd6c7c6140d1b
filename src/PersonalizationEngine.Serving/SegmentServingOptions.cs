using System.ComponentModel.DataAnnotations;

namespace PersonalizationEngine.Serving;

/// <summary>Customer segmentation: how many segments, which features and when it is retrained (section "Engine:Segments").</summary>
public sealed class SegmentServingOptions : ScheduledModelOptions
{
    public const string Section = "Engine:Segments";

    /// <summary>Fewest segments tried when <see cref="Segments"/> is 0.</summary>
    [Range(2, 50)]
    public int MinSegments { get; set; } = 2;

    /// <summary>Most segments tried when <see cref="Segments"/> is 0; the best silhouette wins.</summary>
    [Range(2, 50)]
    public int MaxSegments { get; set; } = 8;

    /// <summary>A fixed number of segments; 0 chooses by silhouette between MinSegments and MaxSegments.</summary>
    [Range(0, 50)]
    public int Segments { get; set; }

    /// <summary>Add the customer embedding (the recommendation model's, reduced) to recency, frequency and value.</summary>
    public bool UseTaste { get; set; } = true;

    /// <summary>Principal components the embedding is reduced to.</summary>
    [Range(1, 16)]
    public int TasteDimensions { get; set; } = 2;

    /// <summary>Customers the silhouette is computed on (its cost is quadratic).</summary>
    [Range(100, 20_000)]
    public int SilhouetteSample { get; set; } = 2_000;
}
