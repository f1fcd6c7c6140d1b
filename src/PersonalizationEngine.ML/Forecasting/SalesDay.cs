namespace PersonalizationEngine.ML.Forecasting;

/// <summary>A product's net sales on one day (<see cref="DateOnly.DayNumber"/>): units and revenue, returns subtracted.</summary>
public readonly record struct SalesDay(int Day, double Units, double Revenue);
