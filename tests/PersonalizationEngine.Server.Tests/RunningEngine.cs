using Grpc.Net.Client;
using PersonalizationEngine.Testing;
using Microsoft.AspNetCore.Builder;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Server.Hosting;

namespace PersonalizationEngine.Server.Tests;

/// <summary>The real engine host on free loopback ports, with a gRPC channel to it.</summary>
public sealed class RunningEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningEngine(WebApplication app, int grpcPort, string dataFolder)
    {
        _app = app;
        DataFolder = dataFolder;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
    }

    public string DataFolder { get; }

    public GrpcChannel Channel { get; }

    public EventService.EventServiceClient Events => new(Channel);

    public CatalogService.CatalogServiceClient Catalog => new(Channel);

    public RecommendationService.RecommendationServiceClient Recommendations => new(Channel);

    public ModelAdminService.ModelAdminServiceClient Admin => new(Channel);

    public PropensityService.PropensityServiceClient Propensity => new(Channel);

    public SentimentService.SentimentServiceClient Sentiment => new(Channel);

    public ForecastService.ForecastServiceClient Forecast => new(Channel);

    public ExperimentService.ExperimentServiceClient Experiments => new(Channel);

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Extra settings as "Key=Value" (under "Engine:").</param>
    public static async Task<RunningEngine> StartAsync(string dataFolder, params string[] settings)
    {
        var grpcPort = FreePort.Next();
        var args = new[]
        {
            $"--Engine:DataFolder={dataFolder}",
            $"--Engine:GrpcPort={grpcPort}",
            $"--Engine:DashboardPort={FreePort.Next()}",
            $"--Engine:SiloPort={FreePort.Next()}",
            $"--Engine:GatewayPort={FreePort.Next()}",
            "--Engine:DemoOnFirstStart=false",
            "--Logging:LogLevel:Default=Warning",
        }.Concat(settings.Select(s => $"--Engine:{s}")).ToArray();
        var app = EngineApplication.Create(args);
        await app.StartAsync();
        return new RunningEngine(app, grpcPort, dataFolder);
    }

    public static string NewDataFolder() => Path.Combine(Path.GetTempPath(), $"pe-server-test-{Guid.NewGuid():N}");

    /// <summary>
    /// Stops the engine the way a crash would, as far as a process can do it to itself: the host is stopped
    /// with its token already cancelled, so the silo stops without deactivating its grains (no write-behind
    /// state is written) and the projection's deliveries in flight are dropped.
    /// </summary>
    public async Task CrashAsync()
    {
        Channel.Dispose();
        await _app.StopAsync(new CancellationToken(canceled: true));
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

}
