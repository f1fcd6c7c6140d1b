namespace PersonalizationEngine.ML.Propensity;

/// <summary>Trained purchase-propensity and churn models, with how they did on the held-out period.</summary>
public sealed record PropensityModels(PropensityPredictor Predictor, PropensityEvaluation Evaluation);
