namespace PersonalizationEngine.ML.Segmentation;

/// <summary>A segment: a stable, readable id (from its description), its centroid in words, and how many trained customers it holds.</summary>
public sealed record CustomerSegment(string Id, string Description, long Size);
