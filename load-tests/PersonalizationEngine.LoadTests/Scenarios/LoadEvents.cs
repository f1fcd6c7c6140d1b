using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.LoadTests;

/// <summary>Events the load tool sends: unique ids (so none is a duplicate), the server's clock as time.</summary>
public static class LoadEvents
{
    public static Event Of(string customer, string product, EventType type, double value = 0) => new()
    {
        EventId = $"load-{Guid.NewGuid():N}", CustomerId = customer, ProductId = product, Type = type, Value = value,
    };

    public static Event OfferOutcome(string customer, string offer, EventType type) => new()
    {
        EventId = $"load-{Guid.NewGuid():N}", CustomerId = customer, OfferId = offer, Type = type,
    };

    /// <summary>A browsing mix: 70% views, 20% add-to-cart, 10% purchases.</summary>
    public static Event Random(StepContext step)
    {
        var roll = step.Random.NextDouble();
        var type = roll < 0.7 ? EventType.View : roll < 0.9 ? EventType.AddToCart : EventType.Purchase;
        return Of(step.Ids.Customer(step.Random), step.Ids.Product(step.Random), type, type == EventType.Purchase ? 10 + step.Random.Next(90) : 0);
    }
}
