using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.Serving;

/// <summary>
/// A ranked list, the model version that produced it, and, unless it was a prefetch, the id that names it and
/// the experiment arm it was served in.
/// </summary>
public sealed record Recommendation(IReadOnlyList<RankedItem> Items, string ModelVersion, string? RecommendationId = null, string? Experiment = null, string? Arm = null);
