namespace PersonalizationEngine.Contracts.Events;

/// <summary>What a customer did. Values are persisted in the event log: never renumber.</summary>
public enum InteractionType : byte
{
    View = 1,
    Click = 2,
    AddToCart = 3,
    Purchase = 4,
    Rating = 5,
    Review = 6,
    OfferImpression = 7,
    OfferAccepted = 8,
    OfferDismissed = 9,
    /// <summary>The customer returned units of a product (or an order line was cancelled): sales subtract.</summary>
    Return = 10,
}
