using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// SegmentService end to end on an engine of its own: loyal customers (buying every few days, lately,
/// a lot) and lapsed ones (once, long ago, little) are tracked, customers are segmented through
/// ModelAdminService, and the two groups must land in different, aptly named segments, which offer
/// eligibility then uses.
/// </summary>
public sealed class SegmentServiceTests : IAsyncLifetime
{
    private const int PerGroup = 30;
    private readonly Shop _shop = new();
    private readonly string _dataFolder = RunningEngine.NewDataFolder();
    private RunningEngine _engine = null!;

    private SegmentService.SegmentServiceClient Segments => new(_engine.Channel);

    public async Task InitializeAsync() => _engine = await RunningEngine.StartAsync(_dataFolder);

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public async Task Loyal_and_lapsed_customers_get_their_own_segments_which_offers_can_target()
    {
        var untrained = await Assert.ThrowsAsync<RpcException>(() => SegmentOfAsync("loyal-0"));
        Assert.Equal(StatusCode.FailedPrecondition, untrained.StatusCode);
        await TrackCustomersAsync();
        // Segments take the customer embedding from the recommendation model when one is trained.
        var recommendation = await _engine.Admin.RetrainAsync(new RetrainRequest { Model = "recommendation" });

        var run = await _engine.Admin.RetrainAsync(new RetrainRequest { Model = "segments" });

        Assert.True(run.Published, run.Note);
        Assert.Equal(2 * PerGroup, run.Metrics["customers"]);
        Assert.Equal(recommendation.Published ? 2 : 0, run.Metrics["taste_dimensions"]);
        Assert.InRange(run.Metrics["silhouette"], 0.3, 1);
        // Served from the customer grains' live activity, which applies the tracked events moments after the log.
        // The loyal customers are one segment; the lapsed ones may split by taste (what they bought), never joining them.
        var (loyal, lapsed) = await Eventually.MatchAsync(
            async () => (await GroupSegmentsAsync("loyal"), await GroupSegmentsAsync("lapsed")),
            // Until the grains have applied the purchases, every customer looks new (and so lapsing).
            groups => groups.Item1.Length == 1 && groups.Item1[0].Description.Contains("recently active") &&
                groups.Item2.All(s => s.Description.Contains("lapsing")));
        var loyalSegment = loyal[0];
        Assert.Contains("recently active", loyalSegment.Description);
        Assert.DoesNotContain(loyalSegment, lapsed);
        var all = await Segments.ListSegmentsAsync(new ListSegmentsRequest());
        Assert.Equal(2 * PerGroup, all.Segments.Sum(s => s.Size));
        Assert.Equal(run.Version, all.ModelVersion);
        // A customer the engine has never seen is not an error: they get a new customer's segment.
        Assert.Contains((await SegmentOfAsync("never-seen")).Segment.SegmentId, all.Segments.Select(s => s.SegmentId));

        // An offer for the loyal segment reaches the loyal customers only.
        var offer = new Offer
        {
            OfferId = _shop.Id("thank-you"), Title = "Thank you", Value = 2,
            StartsAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)), EndsAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(7)),
            EligibleSegments = { loyalSegment.SegmentId },
        };
        await _engine.Catalog.UpsertOffersAsync(new UpsertOffersRequest { Offers = { offer } });
        var offers = new OfferService.OfferServiceClient(_engine.Channel);
        var toLoyal = await offers.PersonalizeOffersAsync(new PersonalizeOffersRequest { CustomerId = _shop.Id("loyal-3"), Count = 5 });
        var toLapsed = await offers.PersonalizeOffersAsync(new PersonalizeOffersRequest { CustomerId = _shop.Id("lapsed-3"), Count = 5 });
        Assert.Equal([offer.OfferId], toLoyal.Offers.Select(o => o.OfferId));
        Assert.Empty(toLapsed.Offers);
    }

    [Fact]
    public async Task A_missing_customer_id_is_named()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Segments.GetCustomerSegmentAsync(new CustomerSegmentRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("customer_id:", error.Status.Detail);
    }

    /// <summary>The distinct segments of a group's customers.</summary>
    private async Task<Segment[]> GroupSegmentsAsync(string group) =>
        (await Task.WhenAll(Enumerable.Range(0, PerGroup).Select(i => SegmentOfAsync($"{group}-{i}")))).Select(r => r.Segment).Distinct().ToArray();

    private Task<CustomerSegmentResponse> SegmentOfAsync(string customer) =>
        Segments.GetCustomerSegmentAsync(new CustomerSegmentRequest { CustomerId = _shop.Id(customer) }).ResponseAsync;

    /// <summary>Loyal: a purchase of 80–120 every 5 days for 90 days. Lapsed: one purchase of 5–8, 80–89 days ago.</summary>
    private async Task TrackCustomersAsync()
    {
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        var random = new Random(6);
        var events = new List<Event>();
        for (var c = 0; c < PerGroup; c++)
        {
            for (var ago = c % 5; ago < 90; ago += 5) events.Add(Purchase($"loyal-{c}", $"p{random.Next(6)}", 80 + random.Next(40), now.AddDays(-ago)));
            events.Add(Purchase($"lapsed-{c}", $"p{random.Next(6)}", 5 + random.Next(4), now.AddDays(-80 - c % 10)));
        }
        await _engine.Events.TrackAsync(Shop.Batch([.. events]));
    }

    private Event Purchase(string customer, string product, double amount, DateTimeOffset at)
    {
        var e = _shop.Event(customer, product, EventType.Purchase, amount);
        e.OccurredAt = Timestamp.FromDateTimeOffset(at);
        return e;
    }
}
