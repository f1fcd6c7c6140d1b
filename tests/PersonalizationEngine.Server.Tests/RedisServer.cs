using System.Diagnostics;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// A real Redis server for the cluster tests, on a free port with its files in a temporary folder: installed
/// from Debian when missing (apt-get, as root), started here and stopped at the end. Where it cannot be
/// installed or started, <see cref="Unavailable"/> says why and the tests that need it are skipped.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private const string Executable = "/usr/bin/redis-server";
    private readonly string _folder = Directory.CreateTempSubdirectory("pe-redis-").FullName;
    private readonly int _port = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{_port}";

    public string? Unavailable { get; private set; }

    public async Task InitializeAsync()
    {
        if (await LocalServer.MissingAfterInstallAsync(Executable, "redis-server") is { } missing)
        {
            Unavailable = missing;
            Console.WriteLine($"Redis cluster tests skipped: {Unavailable}");
            return;
        }
        var started = await LocalServer.RunAsync(Executable,
            $"--port {_port} --bind 127.0.0.1 --daemonize yes --dir {_folder} --pidfile {_folder}/redis.pid --save \"\" --appendonly no", TimeSpan.FromSeconds(30));
        if (!await LocalServer.AnswersAsync(_port))
        {
            Unavailable = $"redis-server did not start on port {_port} ({started})";
            Console.WriteLine($"Redis cluster tests skipped: {Unavailable}");
        }
    }

    public async Task DisposeAsync()
    {
        var pidFile = Path.Combine(_folder, "redis.pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                await process.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
        Directory.Delete(_folder, recursive: true);
    }
}
