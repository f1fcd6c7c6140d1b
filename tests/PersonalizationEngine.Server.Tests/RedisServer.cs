using System.Diagnostics;
using System.Net.Sockets;
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
        if (!File.Exists(Executable))
        {
            var installed = await RunAsync("/bin/sh", "-c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server\"", TimeSpan.FromMinutes(5));
            if (!File.Exists(Executable))
            {
                Unavailable = $"redis-server is not installed and apt-get could not install it ({installed})";
                Console.WriteLine($"Redis cluster tests skipped: {Unavailable}");
                return;
            }
        }
        var started = await RunAsync(Executable,
            $"--port {_port} --bind 127.0.0.1 --daemonize yes --dir {_folder} --pidfile {_folder}/redis.pid --save \"\" --appendonly no", TimeSpan.FromSeconds(30));
        for (var attempt = 0; attempt < 100 && !Answers(); attempt++) await Task.Delay(100);
        if (!Answers())
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

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", _port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<string> RunAsync(string file, string arguments, TimeSpan timeout)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            using var cancel = new CancellationTokenSource(timeout);
            var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
            var error = process.StandardError.ReadToEndAsync(cancel.Token);
            await process.WaitForExitAsync(cancel.Token);
            return $"exit {process.ExitCode}: {(await error).Trim()}".Trim();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return e.Message;
        }
    }
}
