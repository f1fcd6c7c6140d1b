using PersonalizationEngine.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Server.Tests;

[Collection(EngineCollection.Name)]
public sealed class RecommendationTests(EngineFixture fixture)
{
    private readonly RunningEngine _engine = fixture.Engine;
    private readonly Shop _shop = new();

    /// <summary>Ten books (popular with other customers) and ten shoes.</summary>
    private async Task SeedCatalogAsync()
    {
        var books = Enumerable.Range(0, 10).Select(i => _shop.Product($"book{i}", "books"));
        var shoes = Enumerable.Range(0, 10).Select(i => _shop.Product($"shoe{i}", "shoes"));
        await _engine.Catalog.UpsertProductsAsync(Shop.Catalog(books.Concat(shoes)));
        var views = Enumerable.Range(0, 10).SelectMany(i => Enumerable.Range(0, 3).Select(r => _shop.Event($"reader{r}", $"book{i}", EventType.View)));
        await _engine.Events.TrackAsync(Shop.Batch(views.ToArray()));
        var popularShoe = Enumerable.Range(0, 2).Select(r => _shop.Event($"walker{r}", "shoe9", EventType.View));
        await _engine.Events.TrackAsync(Shop.Batch(popularShoe.ToArray()));
    }

    private Task<RecommendResponse> RecommendAsync(string customer, int count = 5) =>
        _engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = _shop.Id(customer), Count = count }).ResponseAsync;

    private int CountIn(RecommendResponse response, string category) => response.Items.Count(i => i.Category == _shop.Category(category));

    [Fact]
    public async Task Health_reports_serving()
    {
        var health = new Health.HealthClient(_engine.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Views_in_a_category_turn_the_recommendations_toward_it()
    {
        await SeedCatalogAsync();
        // Before any event of theirs, the shopper gets what is popular (books, here and in other tests' shops).
        var before = await RecommendAsync("shopper");
        Assert.True(CountIn(before, "shoes") <= 1);
        Assert.All(before.Items, i => Assert.Equal("popular now", i.Reason));

        var views = new[] { "shoe1", "shoe2", "shoe3" }.Select(p => _shop.Event("shopper", p, EventType.View)).ToArray();
        var ack = await _engine.Events.TrackAsync(Shop.Batch(views));
        Assert.Equal(3, ack.Accepted);

        var after = await Eventually.MatchAsync(() => RecommendAsync("shopper"), r => CountIn(r, "shoes") >= 3, TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(after.Items, i => i.ProductId == _shop.Id("shoe1") && i.Reason == "popular now");
        Assert.Contains(after.Items, i => i.Reason.Contains("because you viewed") || i.Reason.StartsWith("popular in"));
        Assert.Equal("baseline-popularity-cointeraction-1", after.ModelVersion);
    }

    [Fact]
    public async Task Purchased_products_are_excluded_unless_asked_for()
    {
        await SeedCatalogAsync();
        await _engine.Events.TrackAsync(Shop.Batch(_shop.Event("buyer", "book0", EventType.Purchase, 10)));

        // Once the purchase personalizes the list, the bought book is not in it.
        var excluding = await Eventually.MatchAsync(() => RecommendAsync("buyer", 20), r => r.Items.Any(i => i.Reason != "popular now"));
        Assert.DoesNotContain(excluding.Items, i => i.ProductId == _shop.Id("book0"));
        var including = await _engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = _shop.Id("buyer"), Count = 20, IncludePurchased = true });

        Assert.Contains(including.Items, i => i.ProductId == _shop.Id("book0"));
    }

    [Fact]
    public async Task Filters_and_exclusions_are_applied()
    {
        await SeedCatalogAsync();
        var request = new RecommendRequest { CustomerId = _shop.Id("filtered"), Count = 10 };
        request.Categories.Add(_shop.Category("shoes"));
        request.ExcludeProductIds.Add(_shop.Id("shoe9"));

        var response = await Eventually.MatchAsync(() => _engine.Recommendations.RecommendAsync(request).ResponseAsync, r => r.Items.Count == 9);

        Assert.All(response.Items, i => Assert.Equal(_shop.Category("shoes"), i.Category));
        Assert.DoesNotContain(response.Items, i => i.ProductId == _shop.Id("shoe9"));
    }

    [Fact]
    public async Task A_new_customer_is_not_an_error()
    {
        var response = await RecommendAsync("never-seen");

        Assert.NotNull(response);
    }

    [Fact]
    public async Task Similar_products_come_from_co_interactions()
    {
        await SeedCatalogAsync();
        // A purchase right after carting book1 links them more strongly than the readers' views link the books.
        var session = new[] { _shop.Event("linker", "book1", EventType.AddToCart), _shop.Event("linker", "shoe4", EventType.Purchase, 10) };
        await _engine.Events.TrackAsync(Shop.Batch(session));

        // shoe4's only co-interaction is book1, which outranks shoe4's own (less popular) category.
        var similar = await Eventually.MatchAsync(
            () => _engine.Recommendations.SimilarProductsAsync(new SimilarProductsRequest { ProductId = _shop.Id("shoe4"), Count = 3 }).ResponseAsync,
            r => r.Items.Count > 0 && r.Items[0].ProductId == _shop.Id("book1"));

        Assert.Equal($"often together with {_shop.Id("shoe4")}", similar.Items[0].Reason);
        Assert.DoesNotContain(similar.Items, i => i.ProductId == _shop.Id("shoe4"));
    }

    [Fact]
    public async Task Get_product_returns_catalog_entry_and_counts()
    {
        await SeedCatalogAsync();

        var product = await Eventually.MatchAsync(
            () => _engine.Catalog.GetProductAsync(new GetProductRequest { ProductId = _shop.Id("book3") }).ResponseAsync,
            p => p.Stats.Views == 3);

        Assert.True(product.Found);
        Assert.Equal(_shop.Category("books"), product.Product.Category);
        Assert.True(product.Stats.Popularity > 2.9);
    }

    [Fact]
    public async Task Model_status_reports_the_serving_model_and_the_log()
    {
        await SeedCatalogAsync();

        var status = await _engine.Admin.GetModelStatusAsync(new GetModelStatusRequest());

        Assert.Equal(["recommendation", "propensity", "sentiment", "forecast", "segments"], status.Models.Select(m => m.Model));
        Assert.True(status.EventsInLog >= 32);
        Assert.True(status.ProductsInCatalog >= 20);
        Assert.NotNull(status.LastEventAt);
    }
}
