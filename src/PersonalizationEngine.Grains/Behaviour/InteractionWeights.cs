using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Grains.Behaviour;

/// <summary>
/// How much an event says about interest in its product: a purchase says more than a view. Used for
/// popularity, co-interaction strength and the weight of a customer's recent products.
/// </summary>
public static class InteractionWeights
{
    public static double For(InteractionType type, double value) => type switch
    {
        InteractionType.View => 1.0,
        InteractionType.Click => 1.5,
        InteractionType.AddToCart => 3.0,
        InteractionType.Purchase => 5.0,
        // A rating of 5 is strong interest; 2 or less is none.
        InteractionType.Rating => Math.Clamp(value - 2.0, 0.0, 3.0),
        InteractionType.Review => 2.0,
        _ => 0.0,
    };

    /// <summary>The verb for "because you ... X".</summary>
    public static string Verb(InteractionType type) => type switch
    {
        InteractionType.Purchase => "bought",
        InteractionType.AddToCart => "added to cart",
        InteractionType.Rating => "rated",
        InteractionType.Review => "reviewed",
        _ => "viewed",
    };
}
