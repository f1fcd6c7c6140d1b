namespace PersonalizationEngine.ML.Datasets;

/// <summary>A catalog entry read from a public data set.</summary>
public sealed record DatasetProduct(string ProductId, string Title, string Category, double Price);
