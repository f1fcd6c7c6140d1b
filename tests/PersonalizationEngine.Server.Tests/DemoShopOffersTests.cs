using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>The demo shop defines offers, so a newcomer sees some from the first minute; segment names match by words.</summary>
[Collection(EngineCollection.Name)]
public sealed class DemoShopOffersTests : IDisposable
{
    private readonly string _folder = RunningEngine.NewDataFolder();

    [Fact]
    public async Task A_new_visitor_of_the_demo_shop_gets_offers_on_every_channel_and_the_app_gets_its_own()
    {
        await using var engine = await RunningEngine.StartAsync(_folder, "DemoOnFirstStart=true", "DemoCustomers=100", "DemoProducts=40", "DemoEvents=1000");
        var offers = new OfferService.OfferServiceClient(engine.Channel);
        var listed = await Eventually.MatchAsync(() => engine.Catalog.ListOffersAsync(new ListOffersRequest()).ResponseAsync, r => r.Offers.Count >= 7);
        Assert.Contains(listed.Offers, o => o.EligibleSegments.Count > 0);
        Assert.Contains(listed.Offers, o => o.FrequencyCap > 0);
        Assert.Contains(listed.Offers, o => !string.IsNullOrEmpty(o.ProductId));

        var web = await offers.PersonalizeOffersAsync(new PersonalizeOffersRequest { CustomerId = "never-seen-visitor", Count = 10, Channel = "web" });
        var app = await offers.PersonalizeOffersAsync(new PersonalizeOffersRequest { CustomerId = "never-seen-visitor", Count = 10, Channel = "app" });

        Assert.NotEmpty(web.Offers);
        // Before any segmentation is trained, an offer for a segment reaches no one.
        var forSegments = listed.Offers.Where(o => o.EligibleSegments.Count > 0).Select(o => o.OfferId).ToHashSet();
        Assert.DoesNotContain(web.Offers, o => forSegments.Contains(o.OfferId));
        Assert.Contains(app.Offers, o => o.OfferId == "app-flash-20");
        Assert.DoesNotContain(web.Offers, o => o.OfferId == "app-flash-20");
    }

    [Theory]
    [InlineData("lapsing", "low-value-occasional-lapsing", true)]
    [InlineData("lapsing", "lapsing", true)]
    [InlineData("High-Value", "high-value-frequent", true)]
    [InlineData("low-value-occasional-lapsing", "low-value-occasional-lapsing", true)]
    [InlineData("laps", "low-value-lapsing", false)]
    [InlineData("value-lapsing", "low-value-occasional-lapsing", false)]
    [InlineData("frequent", "average", false)]
    public void An_offer_names_a_segment_by_its_id_or_words_of_it(string name, string segmentId, bool names) =>
        Assert.Equal(names, OfferPersonalizer.Names(name, segmentId));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
