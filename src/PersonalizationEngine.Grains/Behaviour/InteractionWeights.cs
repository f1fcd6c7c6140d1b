using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.Grains.Behaviour;

/// <summary>
/// How much an event says about interest in its product: a purchase says more than a view. Used for
/// popularity, co-interaction strength and the weight of a customer's recent products. Views, carts and
/// purchases weigh what <see cref="BehaviourKindExtensions.Weight"/> says, so the recommendation model
/// and the taste score of the propensity features learn from the same weights.
/// </summary>
public static class InteractionWeights
{
    public static double For(InteractionType type, double value) => type switch
    {
        InteractionType.View => BehaviourKind.View.Weight(),
        InteractionType.Click => 1.5,
        InteractionType.AddToCart => BehaviourKind.AddToCart.Weight(),
        InteractionType.Purchase => BehaviourKind.Purchase.Weight(),
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
