using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.Grains.Behaviour;

/// <summary>Which events the propensity features count, and as what (one mapping for serving and training).</summary>
public static class BehaviourKinds
{
    public static BehaviourKind? Of(InteractionType type) => type switch
    {
        InteractionType.View or InteractionType.Click => BehaviourKind.View,
        InteractionType.AddToCart => BehaviourKind.AddToCart,
        InteractionType.Purchase => BehaviourKind.Purchase,
        _ => null,
    };
}
