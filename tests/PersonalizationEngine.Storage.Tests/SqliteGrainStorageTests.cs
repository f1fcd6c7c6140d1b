using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using PersonalizationEngine.Storage.GrainStorage;

namespace PersonalizationEngine.Storage.Tests;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private SqliteGrainStorage Open() => new(System.IO.Path.Combine(_folder.Path, "grains.db"),
        new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()));

    private static readonly GrainId Grain = GrainId.Create("customer", "c1");

    [Fact]
    public async Task State_is_written_and_read_back_after_reopening()
    {
        using (var storage = Open())
        {
            var state = new GrainState<List<string>>(["a", "b"]);
            await storage.WriteStateAsync("customer", Grain, state);
            await storage.MakeDurableAsync();
            Assert.True(state.RecordExists);
        }
        using var reopened = Open();
        var read = new GrainState<List<string>>();

        await reopened.ReadStateAsync("customer", Grain, read);

        Assert.Equal(["a", "b"], read.State);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task A_stale_etag_is_rejected()
    {
        using var storage = Open();
        var writer = new GrainState<List<string>>(["first"]);
        await storage.WriteStateAsync("customer", Grain, writer);
        var stale = new GrainState<List<string>>(["stale"]) { ETag = "0" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("customer", Grain, stale));
        writer.State = ["second"];
        await storage.WriteStateAsync("customer", Grain, writer);
    }

    [Fact]
    public async Task Concurrent_writes_commit_together_and_a_stale_one_fails_alone()
    {
        using (var storage = Open())
        {
            var grains = Enumerable.Range(0, 300).Select(i => (Id: GrainId.Create("customer", $"c{i}"), State: new GrainState<List<string>>([$"v{i}"]))).ToArray();
            await Task.WhenAll(grains.Select(g => storage.WriteStateAsync("customer", g.Id, g.State)));
            foreach (var g in grains) g.State.State = [$"w{g.Id.Key}"];
            var stale = new GrainState<List<string>>(["stale"]) { ETag = "0" };

            var writes = grains.Select(g => storage.WriteStateAsync("customer", g.Id, g.State)).ToList();
            var staleWrite = storage.WriteStateAsync("customer", grains[7].Id, stale);

            await Task.WhenAll(writes);
            await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
            Assert.All(grains, g => Assert.Equal("2", g.State.ETag));
        }
        using var reopened = Open();
        for (var i = 0; i < 300; i += 37)
        {
            var read = new GrainState<List<string>>();
            await reopened.ReadStateAsync("customer", GrainId.Create("customer", $"c{i}"), read);
            Assert.Equal([$"wc{i}"], read.State);
        }
    }

    [Fact]
    public async Task Missing_state_reads_as_a_new_record_and_clear_removes_it()
    {
        using var storage = Open();
        var state = new GrainState<List<string>>();
        await storage.ReadStateAsync("customer", Grain, state);
        Assert.False(state.RecordExists);

        state.State = ["x"];
        await storage.WriteStateAsync("customer", Grain, state);
        await storage.ClearStateAsync("customer", Grain, state);
        var read = new GrainState<List<string>>();
        await storage.ReadStateAsync("customer", Grain, read);

        Assert.False(read.RecordExists);
    }

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
