using Google.Protobuf.WellKnownTypes;
using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Server.Tests;

/// <summary>Builds test catalogs and events with ids unique to one test.</summary>
public sealed class Shop
{
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..8];

    public string Id(string name) => $"{_prefix}-{name}";

    public string Category(string name) => Id(name);

    public Product Product(string name, string category) =>
        new() { ProductId = Id(name), Title = name, Category = Category(category), Price = 10, Available = true };

    public Event Event(string customer, string product, EventType type, double value = 0, string? eventId = null) => new()
    {
        EventId = eventId ?? Guid.NewGuid().ToString("N"),
        CustomerId = Id(customer),
        ProductId = Id(product),
        Type = type,
        Value = value,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
    };

    public static TrackRequest Batch(params Event[] events)
    {
        var request = new TrackRequest();
        request.Events.AddRange(events);
        return request;
    }

    public static UpsertProductsRequest Catalog(IEnumerable<Product> products)
    {
        var request = new UpsertProductsRequest();
        request.Products.AddRange(products);
        return request;
    }
}
