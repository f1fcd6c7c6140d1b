using Grpc.Core;
using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Server.Tests;

/// <summary>CatalogService.ListProducts: the catalog a page at a time, in product id order, optionally one category.</summary>
[Collection(EngineCollection.Name)]
public sealed class ListProductsTests(EngineFixture fixture)
{
    private readonly RunningEngine _engine = fixture.Engine;
    private readonly Shop _shop = new();

    [Fact]
    public async Task Pages_through_one_category_in_id_order_without_gaps_or_repeats()
    {
        var names = Enumerable.Range(0, 7).Select(i => $"item{i}").ToArray();
        await _engine.Catalog.UpsertProductsAsync(Shop.Catalog(names.Select(n => _shop.Product(n, "listed")).Append(_shop.Product("other", "elsewhere"))));

        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await _engine.Catalog.ListProductsAsync(new ListProductsRequest { Category = _shop.Category("listed"), PageSize = 3, PageToken = token });
            seen.AddRange(page.Products.Select(p => p.ProductId));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(names.Select(_shop.Id).Order(StringComparer.Ordinal), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_product_upserted_after_a_listing_is_in_the_next_one()
    {
        var listing = new ListProductsRequest { Category = _shop.Category("fresh"), PageSize = 10 };
        await _engine.Catalog.UpsertProductsAsync(Shop.Catalog([_shop.Product("b", "fresh")]));
        Assert.Single((await _engine.Catalog.ListProductsAsync(listing)).Products);

        await _engine.Catalog.UpsertProductsAsync(Shop.Catalog([_shop.Product("a", "fresh")]));

        Assert.Equal([_shop.Id("a"), _shop.Id("b")], (await _engine.Catalog.ListProductsAsync(listing)).Products.Select(p => p.ProductId));
    }

    [Theory]
    [InlineData(-1, "", "page_size")]
    [InlineData(501, "", "page_size")]
    [InlineData(10, "bad\u0001token", "page_token")]
    public async Task Bad_paging_is_invalid_argument_naming_the_field(int pageSize, string pageToken, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _engine.Catalog.ListProductsAsync(new ListProductsRequest { PageSize = pageSize, PageToken = pageToken }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail);
    }
}
