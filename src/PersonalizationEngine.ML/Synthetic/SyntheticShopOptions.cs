namespace PersonalizationEngine.ML.Synthetic;

/// <summary>The size and shape of a generated shop.</summary>
public sealed record SyntheticShopOptions(
    int Customers = 3_000,
    int Products = 600,
    int Events = 200_000,
    int Seed = 42,
    int HistoryDays = 60)
{
    public void Validate()
    {
        if (Customers <= 0) throw new ArgumentOutOfRangeException(nameof(Customers), "must be positive");
        if (Products < SyntheticShopGenerator.Categories.Count)
            throw new ArgumentOutOfRangeException(nameof(Products), $"must be at least {SyntheticShopGenerator.Categories.Count}");
        if (Events <= 0) throw new ArgumentOutOfRangeException(nameof(Events), "must be positive");
        if (HistoryDays <= 0) throw new ArgumentOutOfRangeException(nameof(HistoryDays), "must be positive");
    }
}
