namespace PersonalizationEngine.ML.Activity;

/// <summary>The behaviour the propensity and churn features count (clicks count as views).</summary>
public enum BehaviourKind
{
    View,
    AddToCart,
    Purchase,
}

public static class BehaviourKindExtensions
{
    /// <summary>How much an interaction says about taste: purchase > add to cart > view.</summary>
    public static float Weight(this BehaviourKind kind) => kind switch
    {
        BehaviourKind.Purchase => 5f,
        BehaviourKind.AddToCart => 3f,
        _ => 1f,
    };
}
