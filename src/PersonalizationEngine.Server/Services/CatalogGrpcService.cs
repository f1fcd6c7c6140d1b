using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Serving;
using static PersonalizationEngine.Server.Ingestion.RequestValidation;

namespace PersonalizationEngine.Server.Services;

/// <summary>CatalogService: products and offers, both durable in the event log before they are acknowledged.</summary>
public sealed class CatalogGrpcService(EventIngestion ingestion, LiveCatalog catalog, LiveOffers offers, IGrainFactory grains, IOptions<EngineOptions> options)
    : CatalogService.CatalogServiceBase
{
    private const int DefaultProductsPerPage = 50;
    private const int MaxProductsPerPage = 500;

    private readonly EngineOptions _options = options.Value;

    public override async Task<UpsertProductsResponse> UpsertProducts(UpsertProductsRequest request, ServerCallContext context)
    {
        RequireBatch(request.Products.Count, "products", _options.MaxEventsPerTrack);
        var products = request.Products.Select((p, i) => ToInfo(p, $"products[{i}]")).ToArray();
        await ingestion.UpsertProductsAsync(products, context.CancellationToken);
        return new UpsertProductsResponse { Upserted = products.Length };
    }

    public override async Task<GetProductResponse> GetProduct(GetProductRequest request, ServerCallContext context)
    {
        var productId = RequireId(request.ProductId, "product_id", _options.MaxIdLength);
        var statistics = await grains.ByKey<IProductGrain>(productId).GetStatisticsAsync();
        var info = catalog.GetInfo(productId);
        var response = new GetProductResponse
        {
            Found = info is not null,
            Stats = new ProductStats
            {
                Views = statistics.Views,
                AddToCarts = statistics.AddToCarts,
                Purchases = statistics.Purchases,
                Popularity = catalog.Find(productId)?.Popularity ?? 0,
                LastEventAt = statistics.LastEventAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
                NetUnits30D = statistics.NetUnits30Days,
                NetRevenue30D = statistics.NetRevenue30Days,
                NetUnits24H = statistics.NetUnits24Hours,
            },
        };
        if (info is not null) response.Product = ToMessage(info);
        return response;
    }

    public override Task<ListProductsResponse> ListProducts(ListProductsRequest request, ServerCallContext context)
    {
        var category = OptionalId(request.Category, "category", _options.MaxIdLength);
        var after = OptionalId(request.PageToken, "page_token", _options.MaxIdLength);
        if (request.PageSize is < 0 or > MaxProductsPerPage) throw Invalid("page_size", $"must be from 0 to {MaxProductsPerPage} (0 means {DefaultProductsPerPage})");
        var size = request.PageSize == 0 ? DefaultProductsPerPage : request.PageSize;
        // The page token is the last id of the previous page, so pages stay consistent while products are added.
        var ordered = catalog.InIdOrder();
        var page = ordered.Skip(FirstAfter(ordered, after))
            .Where(p => category is null || p.Category == category)
            .Take(size + 1)
            .ToList();
        var response = new ListProductsResponse();
        response.Products.AddRange(page.Take(size).Select(ToMessage));
        if (page.Count > size) response.NextPageToken = page[size - 1].ProductId;
        return Task.FromResult(response);
    }

    /// <summary>The index of the first product whose id sorts after <paramref name="after"/> (binary search; 0 without a token).</summary>
    private static int FirstAfter(IReadOnlyList<ProductInfo> ordered, string? after)
    {
        if (after is null) return 0;
        var (low, high) = (0, ordered.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (string.CompareOrdinal(ordered[middle].ProductId, after) <= 0) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    public override async Task<UpsertOffersResponse> UpsertOffers(UpsertOffersRequest request, ServerCallContext context)
    {
        RequireBatch(request.Offers.Count, "offers", _options.MaxEventsPerTrack);
        var upserts = request.Offers.Select((o, i) => ToInfo(o, $"offers[{i}]")).ToArray();
        await ingestion.UpsertOffersAsync(upserts, context.CancellationToken);
        return new UpsertOffersResponse { Upserted = upserts.Length };
    }

    public override Task<ListOffersResponse> ListOffers(ListOffersRequest request, ServerCallContext context)
    {
        var activeAt = request.ActiveAt is null ? (DateTimeOffset?)null : RequireTime(request.ActiveAt, "active_at");
        var response = new ListOffersResponse();
        response.Offers.AddRange(offers.List(activeAt).Select(ToMessage));
        return Task.FromResult(response);
    }

    private OfferInfo ToInfo(Offer o, string field)
    {
        var id = RequireId(o.OfferId, $"{field}.offer_id", _options.MaxIdLength);
        RequireText(o.Title, $"{field}.title", _options.MaxTextLength);
        var productId = OptionalId(o.ProductId, $"{field}.product_id", _options.MaxIdLength);
        var category = OptionalId(o.Category, $"{field}.category", _options.MaxIdLength);
        if (productId is not null && category is not null) throw Invalid($"{field}.category", "an offer targets a product or a category, not both");
        if (!double.IsFinite(o.Value) || o.Value < 0) throw Invalid($"{field}.value", "must be a finite, non-negative number");
        var startsAt = o.StartsAt is null ? (DateTimeOffset?)null : RequireTime(o.StartsAt, $"{field}.starts_at");
        var endsAt = o.EndsAt is null ? (DateTimeOffset?)null : RequireTime(o.EndsAt, $"{field}.ends_at");
        if (startsAt is { } start && endsAt is { } end && end <= start) throw Invalid($"{field}.ends_at", "must be after starts_at");
        if (o.FrequencyCap < 0) throw Invalid($"{field}.frequency_cap", "must not be negative (0 means no cap)");
        var segments = o.EligibleSegments.Select((s, i) => RequireId(s, $"{field}.eligible_segments[{i}]", _options.MaxIdLength)).ToArray();
        var channels = o.EligibleChannels.Select((c, i) => RequireId(c, $"{field}.eligible_channels[{i}]", _options.MaxIdLength)).ToArray();
        return new OfferInfo(id, o.Title, productId, category, o.Value, startsAt, endsAt, o.FrequencyCap, segments, channels);
    }

    private static Offer ToMessage(OfferInfo info)
    {
        var offer = new Offer
        {
            OfferId = info.OfferId,
            Title = info.Title,
            ProductId = info.ProductId ?? "",
            Category = info.Category ?? "",
            Value = info.Value,
            StartsAt = info.StartsAt is { } start ? Timestamp.FromDateTimeOffset(start) : null,
            EndsAt = info.EndsAt is { } end ? Timestamp.FromDateTimeOffset(end) : null,
            FrequencyCap = info.FrequencyCap,
        };
        offer.EligibleSegments.AddRange(info.EligibleSegments);
        offer.EligibleChannels.AddRange(info.EligibleChannels);
        return offer;
    }

    private ProductInfo ToInfo(Product p, string field)
    {
        var id = RequireId(p.ProductId, $"{field}.product_id", _options.MaxIdLength);
        RequireText(p.Title, $"{field}.title", _options.MaxTextLength);
        RequireText(p.Category, $"{field}.category", _options.MaxIdLength);
        for (var t = 0; t < p.Tags.Count; t++) RequireText(p.Tags[t], $"{field}.tags[{t}]", _options.MaxIdLength);
        if (!double.IsFinite(p.Price) || p.Price < 0) throw Invalid($"{field}.price", "must be a finite, non-negative number");
        return new ProductInfo(id, p.Title, p.Category, p.Tags.ToArray(), p.Price, p.Available, new Dictionary<string, string>(p.Attributes));
    }

    private static Product ToMessage(ProductInfo info)
    {
        var product = new Product { ProductId = info.ProductId, Title = info.Title, Category = info.Category, Price = info.Price, Available = info.Available };
        product.Tags.AddRange(info.Tags);
        foreach (var (key, value) in info.Attributes) product.Attributes[key] = value;
        return product;
    }
}
