using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;

namespace PersonalizationEngine.Grains.Tests;

/// <summary>Delivers events the way the host does: to the customer's and the product's grain.</summary>
public sealed class GrainEvents(IClusterClient client)
{
    private long _sequence;

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public TrackedEvent Make(string customerId, string? productId, InteractionType type, DateTimeOffset? at = null, double value = 0, string? text = null) =>
        new(Interlocked.Increment(ref _sequence) + Environment.TickCount64 * 1000, NewId("e"), customerId, productId, type,
            at ?? DateTimeOffset.UtcNow, value, text, null, null);

    public async Task PublishAsync(TrackedEvent e)
    {
        await client.GetGrain<ICustomerGrain>(e.CustomerId).ApplyEventsAsync([e]);
        if (e.ProductId is not null) await client.GetGrain<IProductGrain>(e.ProductId).ApplyEventsAsync([e]);
    }
}
