using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Evaluation;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.ML.Tests;

public sealed class ItemToItemTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Two groups: users of group g interact with a random 70% of group g's items only.</summary>
    private static List<Interaction> TwoGroups(int seed = 3)
    {
        var random = new Random(seed);
        var data = new List<Interaction>();
        for (var g = 0; g < 2; g++)
        {
            for (var u = 0; u < 40; u++)
            {
                for (var i = 0; i < 10; i++)
                {
                    if (random.NextDouble() < 0.7) data.Add(new Interaction($"u{g}-{u}", $"i{g}-{i}", 1, At.AddMinutes(u * 10 + i)));
                }
            }
        }
        return data;
    }

    [Theory]
    [InlineData(6_000, "ease")]
    [InlineData(0, "sparse-ease")]
    public void Positive_neighbors_stay_within_the_planted_group_and_are_sorted_strongest_first(int easeMaxItems, string method)
    {
        var matrix = InteractionMatrix.Build(TwoGroups());
        var model = new ItemToItemModel(neighborsPerItem: 5, easeMaxItems: easeMaxItems, easeLambda: 5);

        model.Fit(matrix);

        var neighbors = model.Neighbors!;
        Assert.Equal(method, neighbors.Method);
        for (var item = 0; item < matrix.ItemCount; item++)
        {
            var group = matrix.Items.IdOf(item)[..2];
            var items = neighbors.ItemsOf(item).ToArray();
            var weights = neighbors.WeightsOf(item).ToArray();
            Assert.InRange(items.Length, 1, 5);
            Assert.DoesNotContain(item, items);
            Assert.Equal(weights.OrderDescending(), weights);
            Assert.DoesNotContain(0f, weights);
            // Within a group items go together; across groups never, so a link there can only be negative.
            Assert.True(weights[0] > 0);
            for (var n = 0; n < items.Length; n++)
            {
                if (weights[n] > 0) Assert.StartsWith(group, matrix.Items.IdOf(items[n]));
            }
        }
    }

    [Fact]
    public void A_negative_link_is_kept_for_scoring_but_never_offered_as_a_neighbor()
    {
        // Half the users take the charger with phone A, half with phone B, and no one takes both phones:
        // given phone A, phone B is less likely than the charger alone says, a negative EASE weight.
        var data = new List<Interaction>();
        for (var u = 0; u < 40; u++)
        {
            var phone = u % 2 == 0 ? "phone-a" : "phone-b";
            data.Add(new Interaction($"u{u}", phone, 1, At.AddMinutes(u)));
            data.Add(new Interaction($"u{u}", "charger", 1, At.AddMinutes(u)));
            if (u % 4 == 0) data.Add(new Interaction($"u{u}", "case", 1, At.AddMinutes(u)));
        }
        var matrix = InteractionMatrix.Build(data);
        var snapshot = ServedRankerModel.TrainSnapshot(matrix, new ImplicitAlsOptions(Factors: 2, Iterations: 3), new ItemToItemModel(5, easeLambda: 1),
            new ServedBlend(1));
        matrix.Items.TryGetIndex("phone-a", out var phoneA);
        matrix.Items.TryGetIndex("phone-b", out var phoneB);

        var links = snapshot.Neighbors!.ItemsOf(phoneA).ToArray();
        var weights = snapshot.Neighbors.WeightsOf(phoneA).ToArray();
        Assert.True(weights[Array.IndexOf(links, phoneB)] < 0);
        var offered = snapshot.NeighborsOf("phone-a", 5)!;
        Assert.NotEmpty(offered);
        Assert.All(offered, n => Assert.True(n.Strength > 0));
        Assert.DoesNotContain(offered, n => n.ProductId == "phone-b");
    }

    [Fact]
    public async Task The_history_counts_each_product_once_however_strong_the_interest()
    {
        var matrix = InteractionMatrix.Build(TwoGroups());
        var snapshot = ServedRankerModel.TrainSnapshot(matrix, new ImplicitAlsOptions(Factors: 4, Iterations: 5), new ItemToItemModel(5, easeLambda: 5),
            new ServedBlend(1, CoInteraction: 0, CategoryAffinity: 0, Popularity: 0));
        var catalog = new TrainingCatalog(matrix);
        Task<IReadOnlyList<RankedItem>> RankAsync(float firstWeight) => PersonalRanker.RankAsync(
            new PersonalRequest(4, [], new Dictionary<string, float> { ["i1-0"] = firstWeight, ["i1-1"] = 1f, ["i0-0"] = 0f }, null, 0,
                new HashSet<string> { "i1-0", "i1-1", "i0-0" }, new HashSet<string>(), 0),
            snapshot, catalog, ColdStartFactors.None, _ => Task.FromResult(Array.Empty<IReadOnlyList<Neighbor>>()));

        var once = await RankAsync(1f);
        var often = await RankAsync(10f);

        // EASE's weights come from the binary matrix: bought ten times is still one product of the history. A
        // product without interest (weight 0) adds nothing: no group-0 product is matched through it.
        Assert.Equal(once, often);
        Assert.All(once, i => Assert.StartsWith("i1-", i.ProductId));
    }

    [Fact]
    public async Task With_a_history_half_life_the_recently_touched_products_lead_the_history_matches()
    {
        var matrix = InteractionMatrix.Build(TwoGroups());
        var snapshot = ServedRankerModel.TrainSnapshot(matrix, new ImplicitAlsOptions(Factors: 4, Iterations: 5), new ItemToItemModel(5, easeLambda: 5),
            new ServedBlend(1, CoInteraction: 0, CategoryAffinity: 0, Popularity: 0, HistoryHalfLife: TimeSpan.FromDays(7)));
        var catalog = new TrainingCatalog(matrix);
        // One product of each group, one touched today and the other 60 days (about 8.6 half-lives) before.
        Task<IReadOnlyList<RankedItem>> RankAsync(string latest, string older) => PersonalRanker.RankAsync(
            new PersonalRequest(3, [new RecentProduct(latest, 1, "viewed", At), new RecentProduct(older, 1, "viewed", At.AddDays(-60))],
                new Dictionary<string, float> { [latest] = 1f, [older] = 1f }, null, 0, new HashSet<string> { latest, older }, new HashSet<string>(), 0),
            snapshot, catalog, ColdStartFactors.None, _ => Task.FromResult(Array.Empty<IReadOnlyList<Neighbor>>()));

        var groupOneLatest = await RankAsync("i1-0", "i0-0");
        var groupZeroLatest = await RankAsync("i0-0", "i1-0");

        // The same history either way: only when each product was touched tells the two lists apart.
        Assert.Equal(3, groupOneLatest.Count);
        Assert.All(groupOneLatest, i => Assert.StartsWith("i1-", i.ProductId));
        Assert.Equal(3, groupZeroLatest.Count);
        Assert.All(groupZeroLatest, i => Assert.StartsWith("i0-", i.ProductId));
    }

    [Fact]
    public void A_snapshot_keeps_its_neighbors_and_blend_through_save_and_load()
    {
        var matrix = InteractionMatrix.Build(TwoGroups());
        var blend = new ServedBlend(0.75, CoInteraction: 0.2, CategoryAffinity: 0, Popularity: 0.15, HistoryHalfLife: TimeSpan.FromDays(30));
        var snapshot = ServedRankerModel.TrainSnapshot(matrix, new ImplicitAlsOptions(Factors: 4, Iterations: 3), new ItemToItemModel(5, easeLambda: 5), blend);

        using var stream = new MemoryStream();
        snapshot.Save(stream);
        stream.Position = 0;
        var loaded = ItemFactorSnapshot.Load(stream);

        Assert.Equal(blend, loaded.Blend);
        Assert.Equal(snapshot.ItemFactors, loaded.ItemFactors);
        var neighbors = loaded.NeighborsOf("i0-1", 3);
        Assert.NotNull(neighbors);
        Assert.NotEmpty(neighbors);
        Assert.Equal(snapshot.NeighborsOf("i0-1", 3), neighbors);
        Assert.Null(loaded.NeighborsOf("never-seen", 3));
    }

    [Fact]
    public void A_version_1_snapshot_without_neighbors_still_loads()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(1); // format version
            writer.Write(2); // factors
            writer.Write(5f); // alpha
            writer.Write(20f); // regularization
            writer.Write(1);
            writer.Write("a");
            writer.Write(0.5f);
            writer.Write(0.25f);
        }
        stream.Position = 0;

        var loaded = ItemFactorSnapshot.Load(stream);

        Assert.Null(loaded.Neighbors);
        Assert.Equal(ServedBlend.Default, loaded.Blend);
        Assert.Equal([0.5f, 0.25f], loaded.ItemFactors);
    }

    [Fact]
    public async Task History_matches_come_from_the_whole_history_with_the_product_that_led_to_them()
    {
        var matrix = InteractionMatrix.Build(TwoGroups());
        var snapshot = ServedRankerModel.TrainSnapshot(matrix, new ImplicitAlsOptions(Factors: 4, Iterations: 5), new ItemToItemModel(5, easeLambda: 5),
            new ServedBlend(1));
        var catalog = new TrainingCatalog(matrix);
        // An old interest in group 1, far outside the latest products (none here): only the history signal can find it.
        var request = new PersonalRequest(3, [], new Dictionary<string, float> { ["i1-0"] = 1f, ["i1-1"] = 1f }, null, 0,
            new HashSet<string> { "i1-0", "i1-1" }, new HashSet<string>(), 0);

        var items = await PersonalRanker.RankAsync(request, snapshot, catalog, ColdStartFactors.None, _ => Task.FromResult(Array.Empty<IReadOnlyList<Neighbor>>()));

        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.StartsWith("i1-", i.ProductId));
        Assert.Matches("^because of i1-[01] in your history$", items[0].Reason);
    }

    [Fact]
    public void The_served_model_chooses_its_blend_on_validation_and_ranks_unseen_group_items()
    {
        var (train, validation) = DataSplit.StratifiedRandom(TwoGroups(), 0.7, seed: 1);

        var choice = ServedBlendValidation.Choose(train, validation,
            part => new ServedRankerModel(part, new ImplicitAlsOptions(Factors: 4, Iterations: 5), () => new ItemToItemModel(5, easeLambda: 5), 5), 5);

        // One weight at a time, each candidate measured once: 5 shares, then 4 new half-lives and 3 + 2 + 3 new live weights.
        Assert.Equal(17, choice.Tried.Count);
        Assert.Equal(choice.Tried.Count, choice.Tried.Select(t => t.Blend).Distinct().Count());
        Assert.Contains(choice.Blend.HistoryShare, ServedBlendValidation.Shares);
        Assert.Contains(choice.Blend.HistoryHalfLife, ServedBlendValidation.HistoryHalfLives);
        Assert.Contains(choice.Blend.Popularity, ServedBlendValidation.Popularity);
        Assert.Equal(choice.Tried.Max(t => t.Ndcg), choice.Metrics.Ndcg);
        // Two clean groups: a user's few unseen items of their own group are all in their top 5, so nearly
        // every held-out item is found (a random top 5 of the ~13 unseen items would find about 40%).
        Assert.True(choice.Metrics.Recall > 0.9, $"recall@5 {choice.Metrics.Recall}");
    }

    [Fact]
    public void Keeping_fewer_links_per_item_is_fitting_with_that_many()
    {
        var matrix = InteractionMatrix.Build(TwoGroups());
        var many = new ItemToItemModel(neighborsPerItem: 12, easeLambda: 5);
        var few = new ItemToItemModel(neighborsPerItem: 4, easeLambda: 5);
        many.Fit(matrix);
        few.Fit(matrix);

        var kept = many.Neighbors!.Keep(4);

        Assert.True(many.Neighbors.ItemsOf(0).Length > 4);
        for (var item = 0; item < matrix.ItemCount; item++)
        {
            Assert.Equal(few.Neighbors!.ItemsOf(item).ToArray(), kept.ItemsOf(item).ToArray());
            Assert.Equal(few.Neighbors.WeightsOf(item).ToArray(), kept.WeightsOf(item).ToArray());
        }
    }

    [Fact]
    public void Validation_chooses_the_links_per_item_among_the_counts_offered_before_the_blend()
    {
        var (train, validation) = DataSplit.StratifiedRandom(TwoGroups(), 0.7, seed: 1);
        int[] counts = [2, 6, 12];

        var choice = ServedBlendValidation.Choose(train, validation,
            part => new ServedRankerModel(part, new ImplicitAlsOptions(Factors: 4, Iterations: 5), () => new ItemToItemModel(12, easeLambda: 5), 5), 5,
            neighborCounts: counts);

        // Each count with the default blend first, then the 17 blends with the chosen count (the default measured already).
        Assert.Equal(counts, choice.Tried.Take(3).Select(t => t.NeighborsPerItem!.Value));
        Assert.Equal(3 + 16, choice.Tried.Count);
        Assert.Contains(choice.NeighborsPerItem!.Value, counts);
        Assert.All(choice.Tried.Skip(3), t => Assert.Equal(choice.NeighborsPerItem, t.NeighborsPerItem));
        Assert.Equal(choice.Tried.Max(t => t.Ndcg), choice.Metrics.Ndcg);
    }

    [Fact]
    public void More_links_per_item_are_offered_only_where_the_catalog_keeps_within_the_link_budget()
    {
        Assert.Equal([50, 200, 1_000], ServedBlendValidation.NeighborCounts(50, 1_682));
        Assert.Equal([50, 200], ServedBlendValidation.NeighborCounts(50, 4_000));
        Assert.Equal([50], ServedBlendValidation.NeighborCounts(50, 20_000));
        Assert.Equal([500, 1_000], ServedBlendValidation.NeighborCounts(500, 1_000));
    }
}
