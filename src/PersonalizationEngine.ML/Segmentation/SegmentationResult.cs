namespace PersonalizationEngine.ML.Segmentation;

/// <summary>A trained segmentation, the silhouette of every k tried, and each training customer's segment (in input order).</summary>
public sealed record SegmentationResult(SegmentModel Model, IReadOnlyDictionary<int, double> SilhouetteByK, int[] Assignments, IReadOnlyList<float[]> Standardized);
