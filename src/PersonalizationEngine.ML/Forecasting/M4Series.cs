namespace PersonalizationEngine.ML.Forecasting;

/// <summary>One series of an M4-format file: its id and values, oldest first.</summary>
public sealed record M4Series(string Id, double[] Values);
