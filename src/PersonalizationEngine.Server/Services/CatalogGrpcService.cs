using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Server.Serving;
using static PersonalizationEngine.Server.Ingestion.RequestValidation;

namespace PersonalizationEngine.Server.Services;

/// <summary>CatalogService: products (offers come with the offers issue and answer UNIMPLEMENTED until then).</summary>
public sealed class CatalogGrpcService(EventIngestion ingestion, LiveCatalog catalog, IGrainFactory grains, IOptions<EngineOptions> options)
    : CatalogService.CatalogServiceBase
{
    private readonly EngineOptions _options = options.Value;

    public override async Task<UpsertProductsResponse> UpsertProducts(UpsertProductsRequest request, ServerCallContext context)
    {
        if (request.Products.Count == 0) throw Invalid("products", "must not be empty");
        if (request.Products.Count > _options.MaxEventsPerTrack) throw Invalid("products", $"at most {_options.MaxEventsPerTrack} products per call");
        var products = request.Products.Select((p, i) => ToInfo(p, $"products[{i}]")).ToArray();
        await ingestion.UpsertProductsAsync(products, context.CancellationToken);
        return new UpsertProductsResponse { Upserted = products.Length };
    }

    public override async Task<GetProductResponse> GetProduct(GetProductRequest request, ServerCallContext context)
    {
        var productId = RequireId(request.ProductId, "product_id", _options.MaxIdLength);
        var statistics = await grains.GetGrain<IProductGrain>(productId).GetStatisticsAsync();
        var info = catalog.GetInfo(productId);
        var response = new GetProductResponse
        {
            Found = info is not null,
            Stats = new ProductStats
            {
                Views = statistics.Views,
                AddToCarts = statistics.AddToCarts,
                Purchases = statistics.Purchases,
                Popularity = statistics.Popularity,
                LastEventAt = statistics.LastEventAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            },
        };
        if (info is not null) response.Product = ToMessage(info);
        return response;
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
