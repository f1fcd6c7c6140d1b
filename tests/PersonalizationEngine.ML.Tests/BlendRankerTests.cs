using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.ML.Tests;

public sealed class BlendRankerTests
{
    private static readonly BlendRanker Ranker = new(BlendWeights.Default, new ServedBlend(0.5).Weights);

    private static readonly FakeCatalog Catalog = new(
        new CatalogEntry("shoe1", "shoes", true, 50),
        new CatalogEntry("shoe2", "shoes", true, 5),
        new CatalogEntry("shoe3", "shoes", true, 4),
        new CatalogEntry("book1", "books", true, 100),
        new CatalogEntry("book2", "books", true, 90),
        new CatalogEntry("toy1", "toys", true, 80),
        new CatalogEntry("hidden", "toys", false, 1000));

    private static RankingRequest Request(int count, IReadOnlyList<Seed>? seeds = null, string[]? excluded = null, string[]? categories = null, double diversity = 0) =>
        new(count, seeds ?? [], new HashSet<string>(excluded ?? []), new HashSet<string>(categories ?? []), diversity);

    [Fact]
    public void A_new_customer_gets_the_most_popular_available_products()
    {
        var items = Ranker.Rank(Request(3), Catalog);

        Assert.Equal(["book1", "book2", "toy1"], items.Select(i => i.ProductId));
        Assert.All(items, i => Assert.Equal("popular now", i.Reason));
        Assert.Equal(1.0, items[0].Score, 6);
    }

    [Fact]
    public void Recent_interest_in_a_category_pulls_its_products_up()
    {
        var seeds = new[] { new Seed("shoe1", "because you viewed shoe1", 1, []) };

        var items = Ranker.Rank(Request(3, seeds, excluded: ["shoe1"]), Catalog);

        Assert.Equal(["shoe2", "shoe3"], items.Take(2).Select(i => i.ProductId));
        Assert.Equal("popular in shoes", items[0].Reason);
    }

    [Fact]
    public void Co_interacted_products_rank_first_with_the_seed_as_reason()
    {
        var seeds = new[] { new Seed("book1", "because you bought book1", 1, [new Neighbor("toy1", 10), new Neighbor("shoe3", 1)]) };

        var items = Ranker.Rank(Request(2, seeds, excluded: ["book1"]), Catalog);

        Assert.Equal("toy1", items[0].ProductId);
        Assert.Equal("because you bought book1", items[0].Reason);
        Assert.InRange(items[0].Score, 0, 1);
    }

    [Fact]
    public void Exclusions_category_filter_and_availability_are_respected()
    {
        var seeds = new[] { new Seed("book1", "r", 1, [new Neighbor("hidden", 10), new Neighbor("shoe2", 5)]) };

        var items = Ranker.Rank(Request(10, seeds, excluded: ["shoe1"], categories: ["shoes"]), Catalog);

        Assert.Equal(["shoe2", "shoe3"], items.Select(i => i.ProductId));
    }

    [Fact]
    public void Diversity_spreads_the_list_across_categories()
    {
        var plain = Ranker.Rank(Request(3), Catalog);
        var diverse = Ranker.Rank(Request(3, diversity: 0.9), Catalog);

        Assert.Equal(2, plain.Select(i => i.Category).Distinct().Count());
        Assert.Equal(3, diverse.Select(i => i.Category).Distinct().Count());
        Assert.Equal("book1", diverse[0].ProductId);
    }

    [Fact]
    public void The_history_match_names_the_product_behind_it()
    {
        var request = Request(1) with
        {
            Taste = [new TasteMatch("shoe2", 0.5), new TasteMatch("shoe3", 0.5)],
            History = [new HistoryMatch("shoe3", 1.0, "book2")],
        };

        var items = Ranker.Rank(request, Catalog);

        Assert.Equal("shoe3", items[0].ProductId);
        Assert.Equal("because of book2 in your history", items[0].Reason);
    }

    [Fact]
    public void A_product_newer_than_the_model_competes_on_taste_for_the_history_share_too()
    {
        // Mostly history: a known product with a weak history match and weaker taste, against a new
        // product (no item-to-item row, so no history match) whose content matches the taste best.
        var historyHeavy = new BlendRanker(BlendWeights.Default, new ServedBlend(0.9).Weights);
        var request = Request(2) with
        {
            Taste = [new TasteMatch("shoe2", 1.0, NewerThanModel: true), new TasteMatch("shoe3", 0.6)],
            History = [new HistoryMatch("shoe3", 0.7, "shoe1")],
        };

        var items = historyHeavy.Rank(request, Catalog);
        var withoutTheRule = historyHeavy.Rank(request with { Taste = [new TasteMatch("shoe2", 1.0), new TasteMatch("shoe3", 0.6)] }, Catalog);

        Assert.Equal(["shoe2", "shoe3"], items.Select(i => i.ProductId));
        Assert.Equal("matches your taste", items[0].Reason);
        Assert.Equal("shoe3", withoutTheRule[0].ProductId);
    }

    [Fact]
    public void Products_named_by_model_index_rank_as_when_named_by_id()
    {
        // The same catalog as a view that numbers its entries, and a model whose items are a few of its products.
        var numbered = new FakeCatalog(Catalog.Entries.Select((e, i) => e with { Ordinal = i }).ToArray());
        string[] modelItems = ["toy1", "shoe3", "shoe2", "hidden", "book2"];
        int ItemOf(string id) => Array.IndexOf(modelItems, id);
        var seeds = new[] { new Seed("book1", "because you bought book1", 1, [new Neighbor("toy1", 10), new Neighbor("shoe3", 4), new Neighbor("hidden", 9)]) };
        var byId = Request(4, seeds, excluded: ["book1"]) with
        {
            Taste = [new TasteMatch("shoe2", 1.0), new TasteMatch("book2", 0.8), new TasteMatch("shoe1", 0.5, NewerThanModel: true)],
            History = [new HistoryMatch("shoe3", 1.0, "book2"), new HistoryMatch("toy1", 0.2, "book2")],
        };
        var byIndex = byId with
        {
            Seeds = seeds.Select(s => s with { Neighbors = s.Neighbors.Select(n => n with { Item = ItemOf(n.ProductId) }).ToArray() }).ToArray(),
            Taste = byId.Taste!.Select(t => t with { Item = ItemOf(t.ProductId) }).ToArray(),
            History = byId.History!.Select(h => h with { Item = ItemOf(h.ProductId) }).ToArray(),
            ModelEntries = ((ICatalogView)numbered).EntriesOf(modelItems),
        };

        var expected = Ranker.Rank(byId, Catalog);
        var ranked = Ranker.Rank(byIndex, numbered);

        Assert.Equal(expected.Select(i => (i.ProductId, i.Score, i.Reason)), ranked.Select(i => (i.ProductId, i.Score, i.Reason)));
        Assert.Equal(4, ranked.Select(i => i.ProductId).Distinct().Count());
        Assert.DoesNotContain("hidden", ranked.Select(i => i.ProductId));
    }
}
