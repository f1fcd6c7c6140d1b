using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>Offers through the API: upsert and list, eligibility, frequency caps and posteriors learned from outcome events.</summary>
[Collection(EngineCollection.Name)]
public sealed class OfferServiceTests(EngineFixture fixture)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly RunningEngine _engine = fixture.Engine;
    private readonly OfferService.OfferServiceClient _offers = new(fixture.Engine.Channel);
    private readonly Shop _shop = new();

    private Offer NewOffer(string name, double value = 1, Action<Offer>? change = null)
    {
        var offer = new Offer
        {
            OfferId = _shop.Id(name),
            Title = name,
            Value = value,
            StartsAt = Timestamp.FromDateTimeOffset(Now.AddDays(-1)),
            EndsAt = Timestamp.FromDateTimeOffset(Now.AddDays(7)),
            // Each test's offers are for its own channel, so offers of other tests never compete.
            EligibleChannels = { _shop.Id("app") },
        };
        change?.Invoke(offer);
        return offer;
    }

    private async Task UpsertAsync(params Offer[] offers)
    {
        var request = new UpsertOffersRequest();
        request.Offers.AddRange(offers);
        await _engine.Catalog.UpsertOffersAsync(request);
    }

    private Task<PersonalizeOffersResponse> PersonalizeAsync(string customer, int count = 10) =>
        _offers.PersonalizeOffersAsync(new PersonalizeOffersRequest { CustomerId = _shop.Id(customer), Count = count, Channel = _shop.Id("app") }).ResponseAsync;

    private Event Outcome(string customer, Offer offer, EventType type) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        CustomerId = _shop.Id(customer),
        OfferId = offer.OfferId,
        Type = type,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
    };

    [Fact]
    public async Task Upserted_offers_are_listed_and_filtered_by_time()
    {
        var running = NewOffer("running", 2.5, o => { o.ProductId = _shop.Id("boots"); o.FrequencyCap = 3; });
        var later = NewOffer("later", change: o => o.StartsAt = Timestamp.FromDateTimeOffset(Now.AddDays(3)));
        await UpsertAsync(running, later);

        var all = await _engine.Catalog.ListOffersAsync(new ListOffersRequest());
        var now = await _engine.Catalog.ListOffersAsync(new ListOffersRequest { ActiveAt = Timestamp.FromDateTimeOffset(Now) });

        Assert.Equal(running, all.Offers.Single(o => o.OfferId == running.OfferId));
        Assert.Contains(all.Offers, o => o.OfferId == later.OfferId);
        Assert.Contains(now.Offers, o => o.OfferId == running.OfferId);
        Assert.DoesNotContain(now.Offers, o => o.OfferId == later.OfferId);
    }

    [Theory]
    [InlineData("negative value", "offers[0].value:")]
    [InlineData("end before start", "offers[0].ends_at:")]
    [InlineData("no id", "offers[0].offer_id:")]
    [InlineData("product and category", "offers[0].category:")]
    [InlineData("negative cap", "offers[0].frequency_cap:")]
    public async Task Bad_offers_are_invalid_argument_naming_the_field(string problem, string detailPrefix)
    {
        var offer = NewOffer("bad", change: o =>
        {
            switch (problem)
            {
                case "negative value": o.Value = -1; break;
                case "end before start": o.EndsAt = Timestamp.FromDateTimeOffset(Now.AddDays(-2)); break;
                case "no id": o.OfferId = ""; break;
                case "product and category": o.ProductId = "p"; o.Category = "c"; break;
                case "negative cap": o.FrequencyCap = -1; break;
            }
        });

        var error = await Assert.ThrowsAsync<RpcException>(() => UpsertAsync(offer));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(detailPrefix, error.Status.Detail);
        Assert.DoesNotContain((await _engine.Catalog.ListOffersAsync(new ListOffersRequest())).Offers, o => o.OfferId == offer.OfferId && offer.OfferId != "");
    }

    [Fact]
    public async Task Only_eligible_offers_are_ranked_and_a_frequency_cap_stops_an_offer_for_that_customer_only()
    {
        await _engine.Catalog.UpsertProductsAsync(Shop.Catalog([
            _shop.Product("in-stock", "shoes"),
            new Product(_shop.Product("sold-out", "shoes")) { Available = false }]));
        var capped = NewOffer("capped", change: o => o.FrequencyCap = 2);
        var open = NewOffer("open", change: o => o.ProductId = _shop.Id("in-stock"));
        await UpsertAsync(
            capped, open,
            NewOffer("expired", change: o => { o.StartsAt = Timestamp.FromDateTimeOffset(Now.AddDays(-9)); o.EndsAt = Timestamp.FromDateTimeOffset(Now.AddDays(-2)); }),
            NewOffer("not-yet", change: o => o.StartsAt = Timestamp.FromDateTimeOffset(Now.AddDays(2))),
            NewOffer("other-channel", change: o => { o.EligibleChannels.Clear(); o.EligibleChannels.Add(_shop.Id("kiosk")); }),
            NewOffer("segment-only", change: o => o.EligibleSegments.Add("vip")),
            NewOffer("sold-out", change: o => o.ProductId = _shop.Id("sold-out")));

        var before = await PersonalizeAsync("ann");
        await _engine.Events.TrackAsync(Shop.Batch(Outcome("ann", capped, EventType.OfferImpression), Outcome("ann", capped, EventType.OfferImpression)));
        var after = await Eventually.MatchAsync(() => PersonalizeAsync("ann"), r => r.Offers.All(o => o.OfferId != capped.OfferId));
        var someoneElse = await PersonalizeAsync("bob");

        Assert.Equal(new[] { capped.OfferId, open.OfferId }.Order(), before.Offers.Select(o => o.OfferId).Order());
        Assert.Equal([open.OfferId], after.Offers.Select(o => o.OfferId));
        Assert.Contains(someoneElse.Offers, o => o.OfferId == capped.OfferId);
        Assert.All(before.Offers, o => Assert.Equal(o.AcceptanceProbability, o.ExpectedValue, 9));
    }

    [Fact]
    public async Task Outcome_events_update_the_posterior_that_ranks_the_offers()
    {
        var liked = NewOffer("liked");
        var ignored = NewOffer("ignored", value: 1.2);
        await UpsertAsync(liked, ignored);
        var outcomes = new List<Event>();
        for (var i = 0; i < 40; i++)
        {
            outcomes.Add(Outcome($"u{i}", liked, EventType.OfferImpression));
            outcomes.Add(Outcome($"u{i}", ignored, EventType.OfferImpression));
            if (i < 30) outcomes.Add(Outcome($"u{i}", liked, EventType.OfferAccepted));
            if (i < 10) outcomes.Add(Outcome($"u{i}", ignored, EventType.OfferDismissed));
        }
        await _engine.Events.TrackAsync(Shop.Batch([.. outcomes]));

        // Wait until both offer grains have applied every outcome (a single ranking could match by chance before).
        var grains = _engine.Services.GetRequiredService<IGrainFactory>();
        await Eventually.MatchAsync(() => grains.GetGrain<IOfferGrain>(liked.OfferId).GetStatisticsAsync(), s => s is { Impressions: 40, Accepted: 30 });
        await Eventually.MatchAsync(() => grains.GetGrain<IOfferGrain>(ignored.OfferId).GetStatisticsAsync(), s => s is { Impressions: 40, Dismissed: 10 });

        // Beta(31, 11) against Beta(1, 41): the liked offer's draw wins every time, and it is an exploitation pick.
        // The draws are random: the bounds hold with probability above 1 - 1e-5 over the 20 rounds (P(Beta(31, 11)
        // < 0.3) and P(> 0.97) are each below 1e-7, P(Beta(1, 41) > 0.3) = 0.7^41 < 1e-6), while draws from the
        // uniform prior would leave them in most rounds.
        for (var i = 0; i < 20; i++)
        {
            var response = await PersonalizeAsync($"new-customer-{i}", count: 2);
            Assert.Equal([liked.OfferId, ignored.OfferId], response.Offers.Select(o => o.OfferId));
            Assert.False(response.Offers[0].Exploration);
            Assert.InRange(response.Offers[0].AcceptanceProbability, 0.3, 0.97);
            Assert.InRange(response.Offers[1].AcceptanceProbability, 0, 0.3);
            Assert.Equal(response.Offers[1].AcceptanceProbability * 1.2, response.Offers[1].ExpectedValue, 9);
        }
    }

    [Fact]
    public async Task Bad_personalize_requests_name_the_field()
    {
        var noCustomer = await Assert.ThrowsAsync<RpcException>(() => _offers.PersonalizeOffersAsync(new PersonalizeOffersRequest { Count = 3 }).ResponseAsync);
        var noCount = await Assert.ThrowsAsync<RpcException>(() => _offers.PersonalizeOffersAsync(new PersonalizeOffersRequest { CustomerId = "c" }).ResponseAsync);

        Assert.StartsWith("customer_id:", noCustomer.Status.Detail);
        Assert.StartsWith("count:", noCount.Status.Detail);
    }
}
