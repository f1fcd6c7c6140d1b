using PersonalizationEngine.ML.Datasets;

namespace PersonalizationEngine.ML.Synthetic;

/// <summary>A generated catalog and event history, events in time order.</summary>
public sealed record SyntheticShop(IReadOnlyList<DatasetProduct> Products, IReadOnlyList<DatasetInteraction> Events);
