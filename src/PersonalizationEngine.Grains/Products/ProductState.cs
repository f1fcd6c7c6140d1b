using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.ML.Forecasting;

namespace PersonalizationEngine.Grains.Products;

/// <summary>
/// A product's persisted live statistics. The neighbour map is capped (see EngineGrainOptions). Popularity and
/// review sentiment are the live catalog's (one owner, one clock); ids 3, 7 and 8 held them once and stay unused.
/// </summary>
[GenerateSerializer]
public sealed class ProductState : IProjectedState
{
    [Id(0)] public long Views { get; set; }
    [Id(1)] public long AddToCarts { get; set; }
    [Id(2)] public long Purchases { get; set; }
    [Id(4)] public DateTimeOffset? LastEventAt { get; set; }
    /// <summary>Co-interacted products and how strongly, keyed by product id.</summary>
    [Id(5)] public Dictionary<string, DecayedStrength> Neighbors { get; set; } = [];
    [Id(6)] public long LastAppliedSequence { get; set; }
    /// <summary>Net daily sales (units, revenue), bounded by EngineGrainOptions.SalesHistoryDays; null before the first sale.</summary>
    [Id(9)] public SalesSeries? Sales { get; set; }

    /// <summary>Net hourly sales, bounded by EngineGrainOptions.SalesHistoryHours; null before the first sale.</summary>
    [Id(11)] public SalesSeries? HourlySales { get; set; }

    /// <summary>
    /// The events whose co-interaction links this state holds, above the projection checkpoint: a link sent
    /// again (a retried call, a replay after a crash) is recognised and not counted twice. Null in state
    /// written before it existed.
    /// </summary>
    [Id(10)] public HashSet<long>? AppliedCoInteractions { get; set; }
}
