namespace PersonalizationEngine.Contracts.Events;

public static class InteractionTypeExtensions
{
    /// <summary>Whether an event of this type is about one product (and so needs a product id).</summary>
    public static bool IsProductEvent(this InteractionType type) => type is
        InteractionType.View or InteractionType.Click or InteractionType.AddToCart or
        InteractionType.Purchase or InteractionType.Rating or InteractionType.Review or InteractionType.Return;

    /// <summary>Whether an event of this type is about an offer (and so needs an offer id).</summary>
    public static bool IsOfferEvent(this InteractionType type) => type is
        InteractionType.OfferImpression or InteractionType.OfferAccepted or InteractionType.OfferDismissed;
}
