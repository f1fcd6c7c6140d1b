using Microsoft.Playwright;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Testing;
using PersonalizationEngine.Serving;
using Xunit.Abstractions;

namespace PersonalizationEngine.Server.Tests;

/// <summary>The demo storefront (/shop) end to end: the engine serves the page, headless Chromium clicks it, and the panels follow.</summary>
[Collection(EngineCollection.Name)]
public sealed class StorefrontBrowserTests(HeadlessChromium chromium, ITestOutputHelper output) : IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly string _folder = RunningEngine.NewDataFolder();
    private readonly int _httpPort = FreePort.Next();
    private readonly Shop _shop = new();

    [SkippableFact]
    public async Task Buying_a_product_changes_the_recommendations_to_what_others_bought_with_it()
    {
        Skip.If(chromium.Unavailable is not null, chromium.Unavailable);
        await using var engine = await RunningEngine.StartAsync(_folder, $"DashboardPort={_httpPort}");
        await SeedAsync(engine);
        var visitor = _shop.Id("visitor");
        var page = await chromium.Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });

        await page.GotoAsync($"http://127.0.0.1:{_httpPort}/shop?customer={visitor}");
        await page.Locator("#status", new PageLocatorOptions { HasText = "Ready" }).WaitForAsync();
        var before = await RecommendedAsync(page);
        await page.Locator($".card[data-product-id='{_shop.Id("tent")}'] button[data-action='EVENT_TYPE_PURCHASE']").ClickAsync();
        var after = await Eventually.MatchAsync(() => RecommendedAsync(page), list => !list.SequenceEqual(before));

        var screenshot = HeadlessChromium.ArtifactPath("storefront-after-purchase.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");
        Assert.DoesNotContain(_shop.Id("tent"), after);
        // The customers who bought the tent also bought the stove: the list now says so.
        Assert.Contains(_shop.Id("stove"), after);
        Assert.Contains($"because you bought {_shop.Id("tent")}", await page.Locator("#recommended ol").InnerTextAsync());
        Assert.Contains("stove", await page.Locator("#similar ol").InnerTextAsync());
        Assert.StartsWith("tent:", await page.Locator("#sentiment .summary").InnerTextAsync());
        Assert.True(new FileInfo(screenshot).Length > 0);

        // A click on a recommended product names its list: once counted, the next refresh shows it.
        await page.Locator("#recommended li").First.ClickAsync();
        await Task.Delay(OnlineMetricsFlush.Interval * 3);
        await page.Locator("#recommended li").First.ClickAsync();
        await page.Locator("#recommended .note", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex("today [1-9][0-9]* attributed clicks") }).WaitForAsync();
    }

    [SkippableFact]
    public async Task A_refused_call_shows_the_engines_message_on_the_page()
    {
        Skip.If(chromium.Unavailable is not null, chromium.Unavailable);
        await using var engine = await RunningEngine.StartAsync(_folder, $"DashboardPort={_httpPort}");
        var page = await chromium.Browser!.NewPageAsync();

        // An id longer than the engine allows: the engine answers INVALID_ARGUMENT and the page shows why.
        await page.GotoAsync($"http://127.0.0.1:{_httpPort}/shop?customer={new string('x', 1000)}");

        await page.Locator("#status.error", new PageLocatorOptions { HasText = "customer_id" }).WaitForAsync();
    }

    /// <summary>A small camping catalog where the tent is bought with the stove, plus popular products that have nothing to do with it.</summary>
    private async Task SeedAsync(RunningEngine engine)
    {
        var products = new[] { ("tent", "camping"), ("stove", "camping"), ("lamp", "camping"), ("novel", "books"), ("atlas", "books"), ("mug", "kitchen") };
        await engine.Catalog.UpsertProductsAsync(Shop.Catalog(products.Select(p => _shop.Product(p.Item1, p.Item2))));
        var events = new List<Event>();
        for (var c = 0; c < 6; c++)
        {
            events.Add(_shop.Event($"camper{c}", "tent", EventType.Purchase, 10));
            events.Add(_shop.Event($"camper{c}", "stove", EventType.Purchase, 10));
        }
        foreach (var popular in new[] { "novel", "atlas", "mug" })
            for (var c = 0; c < 12; c++)
                events.Add(_shop.Event($"reader{c}", popular, EventType.View));
        await engine.Events.TrackAsync(Shop.Batch([.. events]));
        // The page reads what the projection has applied: wait until the stove's purchases are counted.
        await Eventually.MatchAsync(() => engine.Catalog.GetProductAsync(new GetProductRequest { ProductId = _shop.Id("stove") }).ResponseAsync,
            product => product.Stats.Purchases == 6);
    }

    private static async Task<string[]> RecommendedAsync(IPage page) =>
        [.. (await page.Locator("#recommended li").EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.productId)"))];

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
