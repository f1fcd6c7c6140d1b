using Orleans.Runtime;
using Orleans.Streams;
using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Grains.Tests;

/// <summary>Publishes events on the streams the way the host does: to the customer's and the product's stream.</summary>
public sealed class GrainEvents(IClusterClient client)
{
    private long _sequence;

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public TrackedEvent Make(string customerId, string? productId, InteractionType type, DateTimeOffset? at = null, double value = 0, string? text = null) =>
        new(Interlocked.Increment(ref _sequence) + Environment.TickCount64 * 1000, NewId("e"), customerId, productId, type,
            at ?? DateTimeOffset.UtcNow, value, text, null, null);

    public async Task PublishAsync(TrackedEvent e)
    {
        var provider = client.GetStreamProvider(StreamNamespaces.Provider);
        await provider.GetStream<TrackedEvent>(StreamId.Create(StreamNamespaces.Customer, e.CustomerId)).OnNextAsync(e);
        if (e.ProductId is not null)
            await provider.GetStream<TrackedEvent>(StreamId.Create(StreamNamespaces.Product, e.ProductId)).OnNextAsync(e);
    }
}
