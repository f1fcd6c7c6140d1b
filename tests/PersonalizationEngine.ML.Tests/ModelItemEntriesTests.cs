using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.ML.Tests;

public sealed class ModelItemEntriesTests
{
    private static readonly FakeCatalog Catalog = new(
        new CatalogEntry("shoe1", "shoes", true, 50) { Ordinal = 0 },
        new CatalogEntry("book1", "books", true, 100) { Ordinal = 1 },
        new CatalogEntry("toy1", "toys", false, 80) { Ordinal = 2 });

    [Fact]
    public void Each_item_has_the_views_entry_and_an_unknown_one_none()
    {
        var entries = new ModelItemEntries().For(["toy1", "gone", "shoe1"], Catalog);

        Assert.Equal(3, entries.Length);
        Assert.Same(Catalog.Find("toy1"), entries[0]);
        Assert.Null(entries[1]);
        Assert.Same(Catalog.Find("shoe1"), entries[2]);
    }

    [Fact]
    public void The_entries_of_two_models_served_side_by_side_are_built_once_each()
    {
        // An experiment: requests alternate between the control's model and the challenger's.
        var entries = new ModelItemEntries();
        string[] control = ["shoe1", "book1"], challenger = ["book1", "toy1", "shoe1"];

        var forControl = entries.For(control, Catalog);
        var forChallenger = entries.For(challenger, Catalog);

        Assert.Same(forControl, entries.For(control, Catalog));
        Assert.Same(forChallenger, entries.For(challenger, Catalog));
        Assert.Equal(3, forChallenger.Length);
    }
}
