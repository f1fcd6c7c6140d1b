using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>/metrics on the HTTP/1 port exposes the engine's, Orleans' and ASP.NET Core's series in the Prometheus format after traffic.</summary>
[Collection(EngineCollection.Name)]
public sealed class MetricsTests : IDisposable
{
    private readonly string _folder = RunningEngine.NewDataFolder();
    private readonly int _httpPort = FreePort.Next();

    [Fact]
    public async Task After_traffic_the_scrape_has_call_latency_by_method_and_status_ingestion_lag_models_and_grains()
    {
        await using var engine = await RunningEngine.StartAsync(_folder, $"DashboardPort={_httpPort}", "Dashboard=false",
            "DemoOnFirstStart=true", "DemoCustomers=200", "DemoProducts=60", "DemoEvents=4000");
        await Eventually.MatchAsync(() => engine.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync,
            s => s.EventsInLog == DemoShops.EventCount(200, 60, 4000));
        var trained = await engine.Admin.RetrainAsync(new RetrainRequest { Model = "recommendation" });
        Assert.True(trained.Published, trained.Note);
        await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "C000007", Count = 5 });
        await Assert.ThrowsAsync<RpcException>(() => engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "", Count = 5 }).ResponseAsync);

        using var http = new HttpClient();
        var scrape = await Eventually.MatchAsync(() => http.GetStringAsync($"http://127.0.0.1:{_httpPort}/metrics"),
            text => text.Contains("status=\"InvalidArgument\"") && text.Contains($"model_version=\"{trained.Version}\""));

        const string recommend = "method=\"/personalization.v1.RecommendationService/Recommend\"";
        Assert.Contains(Lines(scrape, "pe_grpc_call_duration_seconds_bucket{"), l => l.Contains(recommend) && l.Contains("status=\"OK\""));
        Assert.Contains(Lines(scrape, "pe_grpc_call_duration_seconds_count{"), l => l.Contains(recommend) && l.Contains("status=\"InvalidArgument\""));
        Assert.True(Value(Lines(scrape, "pe_events_ingested_total").Single()) >= DemoShops.EventCount(200, 60, 4000));
        Assert.Single(Lines(scrape, "pe_projection_lag"));
        Assert.Equal(ModelVersions.Number(trained.Version), Value(Lines(scrape, "pe_model_version{").Single(l => l.Contains("model=\"recommendation\""))));
        Assert.Contains(Lines(scrape, "pe_model_training_duration_seconds{"), l => l.Contains("model=\"recommendation\""));
        // The served list, counted for the version that ranked it.
        Assert.Equal(5, Value(Lines(scrape, "pe_recommendations_items").Single(l => l.Contains($"model_version=\"{trained.Version}\""))));
        Assert.NotEmpty(Lines(scrape, "orleans_catalog_activations"));
        Assert.NotEmpty(Lines(scrape, "http_server_request_duration_seconds_bucket{"));
    }

    /// <summary>The sample lines of one series (not its # HELP and # TYPE comments).</summary>
    private static List<string> Lines(string scrape, string series) =>
        scrape.Split('\n').Where(l => l.StartsWith(series, StringComparison.Ordinal)).ToList();

    /// <summary>A sample's value: after the labels, before an optional timestamp.</summary>
    private static double Value(string line) =>
        double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
