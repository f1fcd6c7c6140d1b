namespace PersonalizationEngine.ML.Evaluation;

/// <summary>Predictions in [<see cref="From"/>, <see cref="To"/>): how many, their mean, and how often the event happened.</summary>
public sealed record CalibrationBin(double From, double To, int Count, double MeanPredicted, double Observed);
