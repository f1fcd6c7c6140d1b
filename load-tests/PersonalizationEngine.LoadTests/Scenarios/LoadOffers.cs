using Google.Protobuf.WellKnownTypes;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;

namespace PersonalizationEngine.LoadTests;

/// <summary>The offers the offer scenarios ask for: eight product offers, active for a day, for every channel, no cap.</summary>
public static class LoadOffers
{
    public const int Count = 8;

    public static async Task EnsureAsync(PersonalizationClient client, IdSpace ids)
    {
        var request = new UpsertOffersRequest();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < Count; i++)
        {
            request.Offers.Add(new Offer
            {
                OfferId = $"load-offer-{i + 1}", Title = $"Load-test offer {i + 1}", ProductId = IdSpace.ProductId(i % ids.Products),
                Value = 5 + 5 * i, StartsAt = Timestamp.FromDateTimeOffset(now.AddHours(-1)), EndsAt = Timestamp.FromDateTimeOffset(now.AddDays(1)),
            });
        }
        await client.Catalog.UpsertOffersAsync(request);
    }
}
