using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>Two engines forming one Orleans cluster on loopback: a model trained on one silo serves on both.</summary>
[Collection(EngineCollection.Name)]
public sealed class ClusterModelTests : IDisposable
{
    private const int DemoEvents = 4_000;
    private readonly string _primaryFolder = RunningEngine.NewDataFolder();
    private readonly string _secondFolder = RunningEngine.NewDataFolder();

    [Fact]
    public async Task A_published_version_reaches_every_silo_and_serves_there()
    {
        // Until the event log is shared by the cluster, events are tracked on one silo, before the second joins.
        await using var primary = await RunningEngine.StartAsync(_primaryFolder,
            "DemoOnFirstStart=true", "DemoCustomers=200", "DemoProducts=60", $"DemoEvents={DemoEvents}");
        await Eventually.MatchAsync(() => primary.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync, s => s.EventsInLog == DemoShops.EventCount(200, 60, DemoEvents));
        var first = await primary.Admin.RetrainAsync(new RetrainRequest());
        var primarySiloPort = primary.Services.GetRequiredService<IOptions<EngineOptions>>().Value.SiloPort;
        await using var second = await RunningEngine.StartAsync(_secondFolder, $"PrimarySiloPort={primarySiloPort}");

        // A silo that joins catches up with the version already published...
        await ServesAsync(second, first);
        // ...and is told of the next one the moment it is published, wherever the trainer runs.
        var next = await second.Admin.RetrainAsync(new RetrainRequest());

        Assert.True(first.Published && next.Published, $"{first.Note} / {next.Note}");
        await ServesAsync(primary, next);
        await ServesAsync(second, next);
        // The joined silo keeps its own copy, so it can serve the version after a restart without asking.
        Assert.True(File.Exists(Path.Combine(_secondFolder, "models", "recommendation", "v000002.bin")));
    }

    private static async Task ServesAsync(RunningEngine engine, RetrainResponse run)
    {
        var status = await Eventually.MatchAsync(
            () => engine.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync,
            s => s.Models.Single(m => m.Model == "recommendation").Version == run.Version);
        Assert.Equal(run.Metrics["ndcg@10"], status.Models.Single(m => m.Model == "recommendation").Metrics["ndcg@10"]);
        // Customer grains are cluster-wide: either silo folds the customer in against the new factors.
        var recommended = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "C000007", Count = 5 });
        Assert.Equal(run.Version, recommended.ModelVersion);
    }

    public void Dispose()
    {
        foreach (var folder in new[] { _primaryFolder, _secondFolder })
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
