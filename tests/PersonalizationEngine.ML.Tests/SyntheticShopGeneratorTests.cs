using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Synthetic;

namespace PersonalizationEngine.ML.Tests;

public sealed class SyntheticShopGeneratorTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly SyntheticShopOptions Small = new(Customers: 300, Products: 120, Events: 20_000, Seed: 7);

    [Fact]
    public void The_same_seed_gives_the_same_shop()
    {
        var a = SyntheticShopGenerator.Generate(Small, End);
        var b = SyntheticShopGenerator.Generate(Small, End);

        Assert.Equal(a.Products, b.Products);
        Assert.Equal(a.Events, b.Events);
        Assert.Equal(20_000, a.Events.Count);
        Assert.Equal(a.Events.Count, a.Events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void Behaviour_is_skewed_and_personal()
    {
        var shop = SyntheticShopGenerator.Generate(Small, End);
        var categoryOf = shop.Products.ToDictionary(p => p.ProductId, p => p.Category);

        // Popular products: the top 10% of products get a large share of views.
        var viewsPerProduct = shop.Events.Where(e => e.Kind == DatasetInteractionKind.View)
            .GroupBy(e => e.ProductId).Select(g => g.Count()).OrderDescending().ToList();
        var topShare = viewsPerProduct.Take(shop.Products.Count / 10).Sum() / (double)viewsPerProduct.Sum();
        Assert.True(topShare > 0.25, $"top 10% of products have {topShare:P0} of views");

        // Heavy and light customers.
        var perCustomer = shop.Events.GroupBy(e => e.CustomerId).Select(g => g.Count()).OrderDescending().ToList();
        Assert.True(perCustomer[0] > 10 * perCustomer[perCustomer.Count / 2]);

        // Tastes: an active customer's favourite category has far more than a uniform share (1/12).
        var active = shop.Events.GroupBy(e => e.CustomerId).Where(g => g.Count() >= 100).ToList();
        var favouriteShare = active.Average(g => g.GroupBy(e => categoryOf[e.ProductId]).Max(c => c.Count()) / (double)g.Count());
        Assert.True(favouriteShare > 0.3, $"favourite category share {favouriteShare:P0}");

        // The funnel: fewer purchases than carts, fewer carts than views.
        var counts = shop.Events.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(counts[DatasetInteractionKind.View] > counts[DatasetInteractionKind.AddToCart]);
        Assert.True(counts[DatasetInteractionKind.AddToCart] > counts[DatasetInteractionKind.Purchase]);
        Assert.All(shop.Events, e => Assert.InRange(e.OccurredAt, End.AddDays(-Small.HistoryDays), End.AddHours(1)));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticShopGenerator.Generate(Small with { Products = 3 }, End));
    }
}
