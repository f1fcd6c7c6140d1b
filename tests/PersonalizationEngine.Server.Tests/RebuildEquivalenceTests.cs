using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using PersonalizationEngine.Projection;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.StateCheck;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// Every grain's state equals the state built from the event log: a generated shop is driven through an
/// engine that crashes (<see cref="RunningEngine.CrashAsync"/>) at random points and is started again, then
/// a fresh engine builds its grains from a copy of the same log, and every customer, product and offer
/// grain's state is compared field by field.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class RebuildEquivalenceTests : IDisposable
{
    private const int Customers = 40;
    private const int Products = 30;
    private const int Batches = 60;
    private const int EventsPerBatch = 30;
    private const int CrashPoints = 20;
    private const int SessionLength = 5;

    private static readonly EventType[] ProductEventTypes =
        [EventType.View, EventType.View, EventType.View, EventType.Click, EventType.AddToCart, EventType.Purchase, EventType.Return, EventType.Rating, EventType.Review];
    private static readonly EventType[] OfferEventTypes = [EventType.OfferImpression, EventType.OfferImpression, EventType.OfferAccepted, EventType.OfferDismissed];
    // No training while the test runs: reviews stay unscored in both engines rather than scored by whichever model served then.
    private static readonly string[] Settings = ["Training:CheckInterval=01:00:00"];

    private readonly string _crashed = RunningEngine.NewDataFolder();
    private readonly string _rebuilt = RunningEngine.NewDataFolder();
    private readonly Shop _shop = new();
    private readonly Random _random = new(20261205);
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private int _eventNumber;

    [Fact]
    public async Task Every_grains_state_after_random_crashes_equals_the_state_a_fresh_engine_builds_from_the_log()
    {
        var crashAfter = Enumerable.Range(0, Batches - 1).OrderBy(_ => _random.Next()).Take(CrashPoints).ToHashSet();
        RunningEngine? engine = await RunningEngine.StartAsync(_crashed, Settings);
        try
        {
            await engine.Catalog.UpsertProductsAsync(Shop.Catalog(Enumerable.Range(0, Products).Select(p => _shop.Product($"p{p}", $"c{p % 5}"))));
            await engine.Catalog.UpsertOffersAsync(Offers());
            for (var batch = 0; batch < Batches; batch++)
            {
                await engine.Events.TrackAsync(Shop.Batch(Enumerable.Range(0, EventsPerBatch).Select(i => NextEvent(batch, i)).ToArray()));
                if (!crashAfter.Contains(batch)) continue;
                // A random moment: some grains have written their state (it is written 0.5 s after a change), others not yet.
                await Task.Delay(_random.Next(1_500));
                await engine.CrashAsync();
                engine = await RunningEngine.StartAsync(_crashed, Settings);
            }
            await SettleAsync(engine);
            await engine.DisposeAsync(); // a graceful stop writes every grain's state
            engine = null;
            var ranStates = await StoredGrainStates.ReadAsync(_crashed);

            CopyEventLog(_crashed, _rebuilt);
            await using (var rebuilt = await RunningEngine.StartAsync(_rebuilt, Settings)) await SettleAsync(rebuilt);
            var rebuiltStates = await StoredGrainStates.ReadAsync(_rebuilt);

            Assert.Equal((Customers, Products, 2), (Count("customer"), Count("product"), Count("offer")));
            if (RebuildComparison.FirstDifference(rebuiltStates, ranStates) is { } difference) Assert.Fail($"first difference (rebuilt vs ran): {difference}");
            int Count(string name) => rebuiltStates.Keys.Count(k => k.Name == name);
        }
        finally
        {
            if (engine is not null) await engine.DisposeAsync();
        }
    }

    /// <summary>A batch is an hour of the shop's last 60 days: a few customers' sessions, several events each, minutes apart.</summary>
    private Event NextEvent(int batch, int index)
    {
        var customer = $"u{(batch * 7 + index / SessionLength) % Customers}";
        var at = Timestamp.FromDateTimeOffset(_now.AddDays(-60 + batch).AddMinutes(index));
        var id = $"{_shop.Id("event")}-{_eventNumber++}";
        if (_random.Next(10) == 0)
        {
            return new Event
            {
                EventId = id, CustomerId = _shop.Id(customer), Type = OfferEventTypes[_random.Next(OfferEventTypes.Length)],
                OfferId = _shop.Id($"o{_random.Next(2)}"), OccurredAt = at,
            };
        }
        var type = ProductEventTypes[_random.Next(ProductEventTypes.Length)];
        var e = _shop.Event(customer, $"p{_random.Next(Products)}", type, eventId: id);
        e.OccurredAt = at;
        switch (type)
        {
            case EventType.Purchase or EventType.Return:
                e.Value = 5 + _random.Next(50);
                e.Context["quantity"] = (1 + _random.Next(3)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case EventType.Rating:
                e.Value = _random.Next(6);
                break;
            case EventType.Review:
                e.Value = 1 + _random.Next(5);
                e.Text = _random.Next(2) == 0 ? "Lovely, works well" : "Broke after a week";
                break;
        }
        return e;
    }

    private UpsertOffersRequest Offers()
    {
        var request = new UpsertOffersRequest();
        request.Offers.AddRange(Enumerable.Range(0, 2).Select(o => new Offer
        {
            OfferId = _shop.Id($"o{o}"), Title = $"offer {o}", Value = 5,
            StartsAt = Timestamp.FromDateTimeOffset(_now.AddDays(-90)), EndsAt = Timestamp.FromDateTimeOffset(_now.AddDays(30)),
        }));
        return request;
    }

    /// <summary>Waits until the grains hold everything in the log.</summary>
    private static async Task SettleAsync(RunningEngine engine)
    {
        var log = engine.Services.GetRequiredService<EventIngestion>().Log;
        var projection = engine.Services.GetRequiredService<ProjectionProgress>();
        await Eventually.MatchAsync(() => Task.FromResult(projection.Projected), projected => projected >= log.CommittedSequence, TimeSpan.FromSeconds(60));
    }

    private static void CopyEventLog(string from, string to)
    {
        var source = Path.Combine(from, "events");
        var target = Directory.CreateDirectory(Path.Combine(to, "events")).FullName;
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }

    public void Dispose()
    {
        foreach (var folder in new[] { _crashed, _rebuilt }.Where(Directory.Exists)) Directory.Delete(folder, recursive: true);
    }
}
