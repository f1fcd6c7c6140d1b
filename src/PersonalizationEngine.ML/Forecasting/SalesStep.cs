namespace PersonalizationEngine.ML.Forecasting;

/// <summary>A product's net sales in one time step (<see cref="SalesClock"/>: a day or an hour): units and revenue, returns subtracted.</summary>
public readonly record struct SalesStep(int Step, double Units, double Revenue);
