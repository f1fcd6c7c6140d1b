using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.Grains.Offers;
using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Storage.GrainStorage;
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

    // Which co-interaction links a product still remembers (to recognise a copy) depends on how far the
    // checkpoint had moved when it last wrote, not on the events: everything else must be equal.
    private static readonly HashSet<string> Bookkeeping = [nameof(ProductState.AppliedCoInteractions)];

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
        var engine = await RunningEngine.StartAsync(_crashed, Settings);
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
            var crashedStates = await SettledStatesAsync(engine);

            CopyEventLog(_crashed, _rebuilt);
            await using var rebuilt = await RunningEngine.StartAsync(_rebuilt, Settings);
            var rebuiltStates = await SettledStatesAsync(rebuilt);
            int Count(string name) => rebuiltStates.Keys.Count(k => k.Name == name);

            Assert.Equal((Customers, Products, 2), (Count("customer"), Count("product"), Count("offer")));
            foreach (var (grain, state) in rebuiltStates)
            {
                Assert.True(crashedStates.TryGetValue(grain, out var crashedState), $"{grain.Name}/{grain.Id}: built from the log, missing after the crashes");
                if (StateDifference.Find(state, crashedState, grain.Id, Bookkeeping) is { } difference) Assert.Fail($"first difference (rebuilt vs crashed): {difference}");
            }
            Assert.Equal(rebuiltStates.Keys.Order(), crashedStates.Keys.Order());
        }
        finally
        {
            await engine.DisposeAsync();
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

    /// <summary>
    /// Waits until the grains hold everything in the log, has every grain write its state (by deactivating
    /// them all), and reads every customer, product and offer state back from the grain storage.
    /// </summary>
    private static async Task<Dictionary<(string Name, string Id), object>> SettledStatesAsync(RunningEngine engine)
    {
        var log = engine.Services.GetRequiredService<EventIngestion>().Log;
        var projection = engine.Services.GetRequiredService<ProjectionProgress>();
        await Eventually.MatchAsync(() => Task.FromResult(projection.Projected), projected => projected >= log.CommittedSequence, TimeSpan.FromSeconds(60));
        await engine.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var storage = engine.Services.GetRequiredService<SqliteGrainStorage>();
        var states = new Dictionary<(string, string), object>();
        foreach (var (name, id) in StoredGrains(engine.DataFolder))
        {
            var grainId = GrainId.Parse(id);
            states[(name, id)] = name switch
            {
                "customer" => await ReadAsync<CustomerState>(storage, name, grainId),
                "product" => await ReadAsync<ProductState>(storage, name, grainId),
                _ => await ReadAsync<OfferState>(storage, name, grainId),
            };
        }
        return states;
    }

    private static async Task<object> ReadAsync<T>(SqliteGrainStorage storage, string name, GrainId grainId) where T : class, new()
    {
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(name, grainId, state);
        return state.State!;
    }

    private static List<(string Name, string Id)> StoredGrains(string dataFolder)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "grains.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = new SqliteCommand("SELECT state_name, grain_id FROM grain_state WHERE state_name IN ('customer', 'product', 'offer')", connection);
        using var reader = command.ExecuteReader();
        var grains = new List<(string, string)>();
        while (reader.Read()) grains.Add((reader.GetString(0), reader.GetString(1)));
        return grains;
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
