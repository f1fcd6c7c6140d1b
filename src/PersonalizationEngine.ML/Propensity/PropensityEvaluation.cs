using PersonalizationEngine.ML.Evaluation;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>The held-out period's metrics of both models and of their recency-frequency logistic baselines.</summary>
public sealed record PropensityEvaluation(
    DateTimeOffset TestCutoff,
    int HorizonDays,
    int TrainingPairs,
    int TrainingCustomers,
    BinaryMetrics Propensity,
    BinaryMetrics PropensityBaseline,
    BinaryMetrics Churn,
    BinaryMetrics ChurnBaseline,
    double TrainingSeconds);
