namespace PersonalizationEngine.ML.Segmentation;

/// <summary>
/// How customers are segmented: k from <see cref="MinSegments"/> to <see cref="MaxSegments"/> by the
/// best silhouette unless <see cref="FixedSegments"/> is set; the customer embedding reduced to
/// <see cref="TasteDimensions"/> components (when a recommendation model is given); the silhouette
/// computed on a sample of <see cref="SilhouetteSample"/> customers (it is quadratic).
/// </summary>
public sealed record SegmentationOptions(
    int MinSegments = 2, int MaxSegments = 8, int FixedSegments = 0, int TasteDimensions = 2, int SilhouetteSample = 2_000, int Seed = 1, int Threads = 1);
