using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>ForgetCustomer erases the customer's grain state and their events in the log, through retraining and restarts.</summary>
[Collection(EngineCollection.Name)]
public sealed class ForgetCustomerTests : IDisposable
{
    private readonly string _dataFolder = RunningEngine.NewDataFolder();
    private readonly Shop _shop = new();

    private string Forgotten => _shop.Id("forget-me");
    private string Kept => _shop.Id("keep-me");

    private static Task<Contracts.Customers.CustomerProfile> ProfileAsync(RunningEngine engine, string customer) =>
        engine.Services.GetRequiredService<IGrainFactory>().GetGrain<ICustomerGrain>(customer).GetProfileAsync();

    /// <summary>Whether any byte of the event log spells <paramref name="text"/> (the log stores ids as UTF-8).</summary>
    private bool LogContains(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.GetFiles(Path.Combine(_dataFolder, "events")).Any(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Memory")]
    public async Task A_forgotten_customer_is_gone_from_the_grains_and_the_log_and_stays_gone_after_retraining_and_a_restart(string grainStorage)
    {
        var setting = $"GrainStorage={grainStorage}";
        var unknown = new RecommendRequest { CustomerId = _shop.Id("never-seen"), Count = 5 };
        var forgottenEvents = Shop.Batch(_shop.Event("forget-me", "kettle", EventType.View), _shop.Event("forget-me", "mug", EventType.Purchase, 12));
        await using (var first = await RunningEngine.StartAsync(_dataFolder, setting))
        {
            await first.Catalog.UpsertProductsAsync(Shop.Catalog([_shop.Product("kettle", "kitchen"), _shop.Product("mug", "kitchen"), _shop.Product("novel", "books")]));
            await first.Events.TrackAsync(forgottenEvents);
            await first.Events.TrackAsync(Shop.Batch(_shop.Event("keep-me", "novel", EventType.View)));
            await Eventually.MatchAsync(() => ProfileAsync(first, Forgotten), p => p.PurchasedProductIds.Count == 1);
            await Eventually.MatchAsync(() => ProfileAsync(first, Kept), p => p.RecentInteractions.Count == 1);

            var reply = await first.Admin.ForgetCustomerAsync(new ForgetCustomerRequest { CustomerId = Forgotten });

            Assert.Equal(2, reply.EventsErased);
            var forgotten = await ProfileAsync(first, Forgotten);
            Assert.Empty(forgotten.RecentInteractions);
            Assert.Empty(forgotten.PurchasedProductIds);
            Assert.Single((await ProfileAsync(first, Kept)).RecentInteractions);
            Assert.False(LogContains(Forgotten));
            Assert.True(LogContains(Kept));
            Assert.Equal(1, (await first.Admin.GetModelStatusAsync(new GetModelStatusRequest())).EventsInLog);

            // Retraining reads the log: the customer does not come back, and is served like anyone unknown.
            await first.Admin.RetrainAsync(new RetrainRequest { Model = "recommendation" });
            Assert.Empty((await ProfileAsync(first, Forgotten)).RecentInteractions);
            var asForgotten = await first.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = Forgotten, Count = 5 });
            var asUnknown = await first.Recommendations.RecommendAsync(unknown);
            Assert.Equal(asUnknown.Items.Select(i => i.ProductId), asForgotten.Items.Select(i => i.ProductId));
            // Forgetting again finds nothing more to erase; a new event starts a new history.
            Assert.Equal(0, (await first.Admin.ForgetCustomerAsync(new ForgetCustomerRequest { CustomerId = Forgotten })).EventsErased);
        }

        // With memory grain storage the grains are rebuilt from the log on start: the erased events are not in it.
        await using var second = await RunningEngine.StartAsync(_dataFolder, setting);
        Assert.Empty((await ProfileAsync(second, Forgotten)).RecentInteractions);
        // A client's late retry of the erased events (same event ids) is a duplicate: the customer does not come back.
        var retried = await second.Events.TrackAsync(forgottenEvents);
        Assert.Equal((0, 2), (retried.Accepted, retried.Duplicates));
        Assert.Empty((await ProfileAsync(second, Forgotten)).RecentInteractions);
        Assert.Single((await Eventually.MatchAsync(() => ProfileAsync(second, Kept), p => p.RecentInteractions.Count == 1)).RecentInteractions);
        Assert.Equal(1, (await second.Admin.GetModelStatusAsync(new GetModelStatusRequest())).EventsInLog);
    }

    [Fact]
    public async Task Forgetting_needs_a_valid_customer_id()
    {
        await using var engine = await RunningEngine.StartAsync(_dataFolder);
        var error = await Assert.ThrowsAsync<RpcException>(() => engine.Admin.ForgetCustomerAsync(new ForgetCustomerRequest { CustomerId = "" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("customer_id:", error.Status.Detail);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
