using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.Serving;

/// <summary>A ranked list and the model version that produced it.</summary>
public sealed record Recommendation(IReadOnlyList<RankedItem> Items, string ModelVersion);
