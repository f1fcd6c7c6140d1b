using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>The Orleans Dashboard is served by default and can be turned off (Engine:Dashboard); the HTTP/1 port stays up for /metrics.</summary>
[Collection(EngineCollection.Name)]
public class DashboardTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_dashboard_is_served_only_when_enabled_and_the_engine_serves_either_way(bool enabled)
    {
        var folder = RunningEngine.NewDataFolder();
        var dashboardPort = FreePort.Next();
        try
        {
            await using var engine = await RunningEngine.StartAsync(folder, $"DashboardPort={dashboardPort}", $"Dashboard={enabled}");
            using var http = new HttpClient();
            var page = await http.GetAsync($"http://127.0.0.1:{dashboardPort}/dashboard");
            Assert.Equal(enabled ? System.Net.HttpStatusCode.OK : System.Net.HttpStatusCode.NotFound, page.StatusCode);

            var reply = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "anyone", Count = 3 });
            Assert.NotNull(reply.ModelVersion);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
