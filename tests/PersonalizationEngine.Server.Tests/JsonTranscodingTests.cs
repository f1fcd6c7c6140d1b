using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>The read and ingest APIs over HTTP/JSON (gRPC JSON transcoding) on the HTTP/1 port: what a browser or a mobile app calls.</summary>
[Collection(EngineCollection.Name)]
public sealed class JsonTranscodingTests : IDisposable
{
    private readonly string _folder = RunningEngine.NewDataFolder();
    private readonly int _httpPort = FreePort.Next();
    private readonly Shop _shop = new();

    [Fact]
    public async Task Events_products_and_recommendations_round_trip_as_json_and_bad_input_names_the_field()
    {
        await using var engine = await RunningEngine.StartAsync(_folder, $"DashboardPort={_httpPort}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") };
        var product = _shop.Id("kettle");
        var customer = _shop.Id("shopper");

        var upserted = await http.PostAsJsonAsync("/v1/products",
            new { products = new[] { new { productId = product, title = "Kettle", category = "kitchen", price = 25.5, available = true } } });
        Assert.Equal(1, (await Json(upserted)).GetProperty("upserted").GetInt32());
        var tracked = await http.PostAsJsonAsync("/v1/events:track", new
        {
            events = new[] { new { eventId = Guid.NewGuid().ToString("N"), customerId = customer, productId = product, type = "EVENT_TYPE_PURCHASE", value = 25.5, occurredAt = DateTimeOffset.UtcNow } },
        });
        Assert.Equal(1, (await Json(tracked)).GetProperty("accepted").GetInt32());

        var read = await Json(await http.GetAsync($"/v1/products/{product}"));
        Assert.True(read.GetProperty("found").GetBoolean());
        Assert.Equal("Kettle", read.GetProperty("product").GetProperty("title").GetString());
        var recommended = await Json(await http.GetAsync($"/v1/customers/{customer}/recommendations?count=3"));
        Assert.True(recommended.TryGetProperty("modelVersion", out _));

        var refused = await http.GetAsync($"/v1/customers/{customer}/recommendations?count=-1");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("count", (await Json(refused)).GetProperty("message").GetString());
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
