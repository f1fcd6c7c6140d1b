namespace PersonalizationEngine.Server.Tests;

/// <summary>One running engine shared by a collection's tests; each test uses fresh ids.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public RunningEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync() => Engine = await RunningEngine.StartAsync(RunningEngine.NewDataFolder());

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        Directory.Delete(Engine.DataFolder, recursive: true);
    }
}

/// <summary>Server tests run one after another: each starts real hosts with their own ports.</summary>
[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
