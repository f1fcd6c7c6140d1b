namespace PersonalizationEngine.Contracts.Models;

/// <summary>The trained models, by the names used in the API (GetModelStatus, Retrain) and as trainer grain keys.</summary>
public static class ModelNames
{
    public const string Recommendation = "recommendation";

    /// <summary>Purchase propensity and churn risk, trained and versioned together.</summary>
    public const string Propensity = "propensity";

    /// <summary>Review sentiment (the default n-gram model; an ONNX model, when configured, serves instead).</summary>
    public const string Sentiment = "sentiment";

    /// <summary>Daily demand per product, every product's method chosen by its own validation error.</summary>
    public const string Forecast = "forecast";

    /// <summary>Customer segments (k-means on recency, frequency, value and the customer embedding).</summary>
    public const string Segments = "segments";
}
