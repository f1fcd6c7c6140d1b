namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// Where neighbors come from for products the served model does not know (newer than its training):
/// the live co-interactions the engine keeps per product. Offline evaluation has none.
/// </summary>
public delegate Task<IReadOnlyList<Neighbor>[]> LiveNeighbors(IReadOnlyList<string> productIds);
