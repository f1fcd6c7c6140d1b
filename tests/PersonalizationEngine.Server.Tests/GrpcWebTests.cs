using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>gRPC-Web on the HTTP/1 port (what a browser's gRPC-Web client sends), in both its encodings.</summary>
[Collection(EngineCollection.Name)]
public sealed class GrpcWebTests : IDisposable
{
    private readonly string _folder = RunningEngine.NewDataFolder();
    private readonly int _httpPort = FreePort.Next();
    private readonly Shop _shop = new();

    [Theory]
    [InlineData(GrpcWebMode.GrpcWeb)]
    [InlineData(GrpcWebMode.GrpcWebText)]
    public async Task Calls_round_trip_over_http1_and_refusals_keep_their_status(GrpcWebMode mode)
    {
        await using var engine = await RunningEngine.StartAsync(_folder, $"DashboardPort={_httpPort}");
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_httpPort}", new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(mode, new HttpClientHandler()),
            HttpVersion = new Version(1, 1),
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var events = new EventService.EventServiceClient(channel);
        var recommendations = new RecommendationService.RecommendationServiceClient(channel);

        var tracked = await events.TrackAsync(Shop.Batch(_shop.Event("browser", "lamp", EventType.View)));
        var listed = await recommendations.RecommendAsync(new RecommendRequest { CustomerId = _shop.Id("browser"), Count = 3 });
        var refused = await Assert.ThrowsAsync<RpcException>(() => recommendations.RecommendAsync(new RecommendRequest { CustomerId = "", Count = 3 }).ResponseAsync);

        Assert.Equal(1, tracked.Accepted);
        Assert.NotNull(listed.ModelVersion);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("customer_id", refused.Status.Detail);
    }

    [Theory]
    [InlineData("application/grpc-web", "AAAAAAL//w==", true)]       // a frame whose message is not a RecommendRequest
    [InlineData("application/grpc-web-text", "AAAAAAL//w==", false)]  // the same, as base64 text
    [InlineData("application/grpc-web-text", "AAAAAAL//w=\n", false)] // text that is not base64
    public async Task Malformed_requests_are_invalid_argument_not_a_server_error(string contentType, string body, bool decodeFirst)
    {
        await using var engine = await RunningEngine.StartAsync(_folder, $"DashboardPort={_httpPort}");
        using var http = new HttpClient();
        var bytes = decodeFirst ? Convert.FromBase64String(body) : System.Text.Encoding.ASCII.GetBytes(body);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        var response = await http.PostAsync($"http://127.0.0.1:{_httpPort}/personalization.v1.RecommendationService/Recommend", content);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", Assert.Single(response.Headers.GetValues("grpc-status")));
    }

    [Theory]
    [InlineData("https://shop.example.com", true)]
    [InlineData("https://elsewhere.example.com", false)]
    public async Task Only_configured_origins_may_call_from_a_browser(string origin, bool allowed)
    {
        await using var engine = await RunningEngine.StartAsync(_folder, $"DashboardPort={_httpPort}", "CorsOrigins:0=https://shop.example.com");
        using var http = new HttpClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"http://127.0.0.1:{_httpPort}/personalization.v1.RecommendationService/Recommend");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-grpc-web,x-api-key");

        var response = await http.SendAsync(preflight);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins) && origins.Single() == origin);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
