namespace PersonalizationEngine.Server.Storefront;

/// <summary>The demo storefront: one static page, embedded in the engine, that calls the HTTP/JSON API in the browser.</summary>
public static class StorefrontPage
{
    public const string Path = "/shop";

    private static readonly Lazy<byte[]> Html = new(() =>
    {
        using var resource = typeof(StorefrontPage).Assembly.GetManifestResourceStream("PersonalizationEngine.Server.Storefront.storefront.html")
            ?? throw new InvalidOperationException("storefront.html is not embedded in the engine");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>Serves the page at <see cref="Path"/> on <paramref name="port"/> (the HTTP/1 port, where the JSON routes are).</summary>
    public static void MapStorefront(this WebApplication app, int port) =>
        app.MapGet(Path, () => Results.Bytes(Html.Value, "text/html; charset=utf-8")).RequireHost($"*:{port}");
}
