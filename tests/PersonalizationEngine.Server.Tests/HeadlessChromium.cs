using Microsoft.Playwright;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright: installed with apt-get when missing (as root), as
/// the database fixtures do. Playwright's own browser download cannot work here, so it launches this
/// executable. Where Chromium cannot be installed, <see cref="Unavailable"/> says why.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    private const string Executable = "/usr/bin/chromium";

    // A closed network refuses Chromium's background connections; with these it makes none.
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public string? Unavailable { get; private set; }

    public async Task InitializeAsync()
    {
        if (await LocalServer.MissingAfterInstallAsync(Executable, "chromium") is { } missing)
        {
            Unavailable = missing;
            Console.WriteLine($"Browser tests skipped: {Unavailable}");
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Executable, Headless = true, Args = Flags });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>Where screenshots are kept: artifacts/ at the repository root (ignored by git), so a CI run can keep them.</summary>
    public static string ArtifactPath(string fileName)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PersonalizationEngine.sln"))) folder = folder.Parent;
        var artifacts = Path.Combine(folder?.FullName ?? AppContext.BaseDirectory, "artifacts", "browser-tests");
        Directory.CreateDirectory(artifacts);
        return Path.Combine(artifacts, fileName);
    }
}
