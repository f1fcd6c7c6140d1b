using PersonalizationEngine.Testing;
using Grpc.Core;
using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Server.Tests;

[Collection(EngineCollection.Name)]
public sealed class IngestionTests(EngineFixture fixture)
{
    private readonly RunningEngine _engine = fixture.Engine;
    private readonly Shop _shop = new();

    private async Task<RpcException> TrackFailsAsync(params Event[] events) =>
        await Assert.ThrowsAsync<RpcException>(() => _engine.Events.TrackAsync(Shop.Batch(events)).ResponseAsync);

    public static TheoryData<string, string> BadEvents => new()
    {
        { "empty customer id", "events[0].customer_id" },
        { "empty event id", "events[0].event_id" },
        { "unknown type", "events[0].type" },
        { "view without product", "events[0].product_id" },
        { "text too long", "events[0].text" },
        { "rating out of range", "events[0].value" },
        { "offer event without offer", "events[0].offer_id" },
        { "unknown offer", "events[0].offer_id" },
        { "far in the future", "events[0].occurred_at" },
        { "control character in id", "events[0].customer_id" },
        { "id with a trailing space", "events[0].customer_id" },
        { "invisible character in id", "events[0].product_id" },
        { "half a surrogate pair in id", "events[0].customer_id" },
        { "invalid UTF-8 in id", "events[0].product_id" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task Bad_events_are_invalid_argument_naming_the_field(string problem, string field)
    {
        var e = _shop.Event("c", "p", EventType.View);
        switch (problem)
        {
            case "empty customer id": e.CustomerId = ""; break;
            case "empty event id": e.EventId = ""; break;
            case "unknown type": e.Type = (EventType)99; break;
            case "view without product": e.ProductId = ""; break;
            case "text too long": e.Text = new string('x', 10_001); break;
            case "rating out of range": e.Type = EventType.Rating; e.Value = 7; break;
            case "offer event without offer": e.Type = EventType.OfferAccepted; break;
            case "unknown offer": e.Type = EventType.OfferImpression; e.OfferId = _shop.Id("never-upserted"); break;
            case "far in the future": e.OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(30)); break;
            case "control character in id": e.CustomerId = "bad\u0001id"; break;
            case "id with a trailing space": e.CustomerId += " "; break;
            case "invisible character in id": e.ProductId = "p\u200Bp"; break;
            case "half a surrogate pair in id": e.CustomerId = "c\uD800"; break;
            // What the protobuf decoder makes of bytes that are not UTF-8.
            case "invalid UTF-8 in id": e.ProductId = "p\uFFFD"; break;
        }

        var error = await TrackFailsAsync(e);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail);
    }

    [Fact]
    public async Task An_oversized_batch_is_rejected_and_nothing_of_it_is_stored()
    {
        var events = Enumerable.Range(0, 1_001).Select(_ => _shop.Event("bulk", "p", EventType.View)).ToArray();
        var before = (await _engine.Admin.GetModelStatusAsync(new GetModelStatusRequest())).EventsInLog;

        var error = await TrackFailsAsync(events);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("events:", error.Status.Detail);
        Assert.Equal(before, (await _engine.Admin.GetModelStatusAsync(new GetModelStatusRequest())).EventsInLog);
    }

    [Theory]
    [InlineData("", 5, "customer_id")]
    [InlineData("c", 0, "count")]
    [InlineData("c", -3, "count")]
    [InlineData("c", 201, "count")]
    public async Task Bad_recommend_requests_are_invalid_argument_naming_the_field(string customer, int count, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = customer, Count = count }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail);
    }

    [Fact]
    public async Task A_retried_event_id_is_not_counted_twice()
    {
        var e = _shop.Event("retrier", "retried", EventType.View, eventId: Guid.NewGuid().ToString("N"));

        var first = await _engine.Events.TrackAsync(Shop.Batch(e));
        var retry = await _engine.Events.TrackAsync(Shop.Batch(e));
        await _engine.Events.TrackAsync(Shop.Batch(_shop.Event("other", "retried", EventType.Click)));

        Assert.Equal((1, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 1), (retry.Accepted, retry.Duplicates));
        // The click after the retry arrived; the view is still counted once.
        var product = await Eventually.MatchAsync(
            () => _engine.Catalog.GetProductAsync(new GetProductRequest { ProductId = _shop.Id("retried") }).ResponseAsync,
            p => p.Stats.Popularity >= 2.4);
        Assert.Equal(1, product.Stats.Views);
    }

    [Fact]
    public async Task Track_stream_accepts_a_bulk_of_events()
    {
        using var call = _engine.Events.TrackStream();
        for (var i = 0; i < 2_500; i++) await call.RequestStream.WriteAsync(_shop.Event($"s{i % 50}", $"p{i % 20}", EventType.View));
        await call.RequestStream.CompleteAsync();

        var response = await call;

        Assert.Equal(2_500, response.Accepted);
    }

    [Fact]
    public async Task Track_stream_keeps_the_events_before_an_invalid_one()
    {
        using var call = _engine.Events.TrackStream();
        await call.RequestStream.WriteAsync(_shop.Event("s", "p", EventType.View));
        var bad = _shop.Event("s", "p", EventType.View);
        bad.CustomerId = "";
        await call.RequestStream.WriteAsync(bad);
        await call.RequestStream.CompleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("stream event 1.customer_id:", error.Status.Detail);
    }

    [Fact]
    public async Task Bad_products_are_invalid_argument_naming_the_field()
    {
        var product = _shop.Product("bad", "c");
        product.Price = -1;

        var error = await Assert.ThrowsAsync<RpcException>(() => _engine.Catalog.UpsertProductsAsync(Shop.Catalog([product])).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("products[0].price:", error.Status.Detail);
    }
}
