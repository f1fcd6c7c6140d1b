namespace PersonalizationEngine.ML.Activity;

/// <summary>Counts over a window of days.</summary>
public readonly record struct ActivityTotals(int Views, int Carts, int Purchases, double Revenue, int ActiveDays);
