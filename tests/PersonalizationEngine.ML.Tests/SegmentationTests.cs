using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Segmentation;

namespace PersonalizationEngine.ML.Tests;

public sealed class SegmentationTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void K_means_finds_three_planted_groups_chooses_k_by_silhouette_and_names_them()
    {
        var random = new Random(4);
        // Loyal: bought on ~20 days, lately, a lot. Lapsed: once, ~300 days ago, little. Middling in between.
        var groups = new[] { (Days: 20, LastAgo: 2, Amount: 100.0), (Days: 1, LastAgo: 300, Amount: 5.0), (Days: 5, LastAgo: 60, Amount: 20.0) };
        var customers = new List<CustomerActivity>();
        var planted = new List<int>();
        for (var g = 0; g < groups.Length; g++)
        {
            for (var i = 0; i < 60; i++)
            {
                customers.Add(Customer(groups[g].Days + (groups[g].Days > 1 ? random.Next(-1, 2) : 0), groups[g].LastAgo + random.Next(0, 3), groups[g].Amount * (0.8 + 0.4 * random.NextDouble())));
                planted.Add(g);
            }
        }

        var result = CustomerSegmentation.Train(customers, Now, embedding: null, new SegmentationOptions(MinSegments: 2, MaxSegments: 6));

        Assert.Equal(3, result.Model.Segments.Count);
        Assert.Equal(3, result.SilhouetteByK.MaxBy(s => s.Value).Key);
        Assert.True(result.Model.Silhouette > 0.6, $"silhouette {result.Model.Silhouette}");
        // Every planted group lands whole in one segment, and each in its own.
        var segmentOfGroup = Enumerable.Range(0, 3).Select(g => Assert.Single(result.Assignments.Where((_, i) => planted[i] == g).Distinct())).ToArray();
        Assert.Equal(3, segmentOfGroup.Distinct().Count());
        Assert.All(result.Model.Segments, s => Assert.Equal(60, s.Size));
        var loyal = result.Model.Segments[segmentOfGroup[0]];
        var lapsed = result.Model.Segments[segmentOfGroup[1]];
        Assert.Contains("high value", loyal.Description);
        Assert.Contains("recently active", loyal.Description);
        Assert.Contains("lapsing", lapsed.Description);
        Assert.Equal(loyal.Description.Replace(", ", "-").Replace(' ', '-'), loyal.Id);
        // A new customer like the loyal ones is put with them from their activity.
        Assert.Equal(loyal, result.Model.SegmentOf(Customer(21, 1, 110), Now));
    }

    [Fact]
    public void A_saved_model_loads_and_assigns_the_same_segments()
    {
        var customers = Enumerable.Range(0, 40).Select(i => Customer(1 + i % 10, 5 + 7 * i, 10 + i)).ToList();
        var model = CustomerSegmentation.Train(customers, Now, null, new SegmentationOptions(FixedSegments: 3)).Model;
        using var stream = new MemoryStream();

        model.Save(stream);
        stream.Position = 0;
        var loaded = SegmentModel.Load(stream);

        Assert.Equal(model.Segments, loaded.Segments);
        Assert.All(customers, c => Assert.Equal(model.SegmentOf(c, Now), loaded.SegmentOf(c, Now)));
    }

    [Fact]
    public void Silhouette_matches_a_hand_computed_value()
    {
        float[][] points = [[0], [1], [5]];
        // Point 0: a = 1, b = 5 → 0.8; point 1: a = 1, b = 4 → 0.75; point 2 alone in its cluster → 0.
        Assert.Equal((0.8 + 0.75) / 3, Silhouette.Mean(points, [0, 0, 1], 2), 9);
    }

    [Fact]
    public void Too_few_customers_for_the_segments_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => CustomerSegmentation.Train([Customer(1, 1, 1), Customer(2, 2, 2)], Now, null, new SegmentationOptions(FixedSegments: 4)));
    }

    /// <summary>A customer who bought on <paramref name="days"/> days, a week apart, the last <paramref name="lastAgo"/> days ago.</summary>
    private static CustomerActivity Customer(int days, int lastAgo, double amount)
    {
        var customer = new CustomerActivity();
        for (var d = days - 1; d >= 0; d--) customer.Add(BehaviourKind.Purchase, $"p{d % 3}", amount, Now.AddDays(-lastAgo - 7 * d));
        return customer;
    }
}
