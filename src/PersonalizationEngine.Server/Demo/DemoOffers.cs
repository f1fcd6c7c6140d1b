using PersonalizationEngine.Contracts.Catalog;

namespace PersonalizationEngine.Server.Demo;

/// <summary>
/// The demo shop's offers: one for every kind of targeting the engine supports, so that every storefront
/// panel, <c>pe offers</c> and PersonalizeOffers show something from the first minute: open to everyone
/// (a new visitor included), per channel, per segment (by the words segment ids are made of, e.g.
/// "lapsing"), on one product, on one category, with frequency caps, and one that ends a day after the shop is loaded.
/// </summary>
public static class DemoOffers
{
    public static IReadOnlyList<OfferInfo> For(IReadOnlyList<ProductInfo> products, DateTimeOffset now)
    {
        var categories = products.Select(p => p.Category).Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var featured = products.Count > 0 ? products[0] : null;
        var offers = new List<OfferInfo>
        {
            Offer("welcome-10", "10% off your first order", value: 4, frequencyCap: 3),
            Offer("free-shipping", "Free shipping on every order", value: 2.5),
            Offer("app-flash-20", "20% off in the app today", value: 6, frequencyCap: 2, channels: ["app"], endsAt: now.AddDays(1)),
            Offer("email-comeback-15", "15% off when you come back", value: 5, frequencyCap: 2, segments: ["lapsing"], channels: ["email", "web"]),
            Offer("vip-early-access", "Early access to new arrivals", value: 3, segments: ["high-value", "frequent"]),
        };
        if (featured is not null)
            offers.Add(Offer("featured-product", $"{featured.Title} at a special price", value: 5, frequencyCap: 5, productId: featured.ProductId));
        if (categories.Length > 0)
            offers.Add(Offer($"category-{categories[0]}", $"Two for one in {categories[0]}", value: 3.5, frequencyCap: 4, category: categories[0]));
        return offers;
    }

    private static OfferInfo Offer(string id, string title, double value, int frequencyCap = 0, IReadOnlyList<string>? segments = null,
        IReadOnlyList<string>? channels = null, DateTimeOffset? endsAt = null, string? productId = null, string? category = null) =>
        new(id, title, productId, category, value, null, endsAt, frequencyCap, segments ?? [], channels ?? []);
}
