using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// The engine started by the tool (<c>--start-server</c>): its own process on a fresh data folder and free
/// loopback ports, generating the demo shop at the requested size. Ready once it is SERVING, every
/// generated event is in the log, and the models the scenario needs are trained on them. Disposing kills it
/// and deletes the folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly Process _process;
    private readonly string _folder;

    private ServerProcess(Process process, string folder, string address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public string Address { get; }

    /// <summary>Where the engine's output goes (kept until disposal).</summary>
    public string LogPath => Path.Combine(_folder, "server.log");

    public static async Task<ServerProcess> StartAsync(LoadOptions options, Action<string> progress)
    {
        var dll = options.ServerDll ?? LocateServer();
        if (!File.Exists(dll)) throw new UsageException($"--server-dll: '{dll}' does not exist (build the solution first)");
        var folder = Directory.CreateTempSubdirectory("pe-load-").FullName;
        var ports = FreePorts(4);
        var port = ports[0];
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in ServerArguments(dll, Path.Combine(folder, "data"), ports, options)) start.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var server = new ServerProcess(process, folder, $"http://127.0.0.1:{port}");
        _ = CopyOutputAsync(process, server.LogPath);
        try
        {
            await server.WaitUntilReadyAsync(options, clock, progress);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The engine's command line: the data set's size, four free ports (gRPC, dashboard, silo, gateway) and the caller's own settings (which win).</summary>
    public static IReadOnlyList<string> ServerArguments(string dll, string dataFolder, IReadOnlyList<int> ports, LoadOptions options) =>
    [
        dll, $"--Engine:DataFolder={dataFolder}", $"--Engine:GrpcPort={ports[0]}", $"--Engine:DashboardPort={ports[1]}",
        $"--Engine:SiloPort={ports[2]}", $"--Engine:GatewayPort={ports[3]}", "--Engine:DemoOnFirstStart=true",
        $"--Engine:DemoCustomers={options.Customers}", $"--Engine:DemoProducts={options.Products}", $"--Engine:DemoEvents={options.Events}",
        "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:PersonalizationEngine=Information",
        .. options.EngineSettings.Select(s => "--" + s),
    ];

    /// <summary>Current and peak resident memory of the engine, in MiB.</summary>
    public (double CurrentMiB, double PeakMiB) Memory()
    {
        _process.Refresh();
        return (_process.WorkingSet64 / 1048576.0, _process.PeakWorkingSet64 / 1048576.0);
    }

    private async Task WaitUntilReadyAsync(LoadOptions options, Stopwatch clock, Action<string> progress)
    {
        using var client = new PersonalizationClient(Address);
        await WaitForAsync("SERVING", StartTimeout, async () =>
            (await client.Health.CheckAsync(new HealthCheckRequest())).Status == HealthCheckResponse.Types.ServingStatus.Serving);
        progress($"engine SERVING {clock.Elapsed.TotalSeconds:F1} s after launch; loading {options.Events:N0} generated events");

        long last = -1;
        await WaitForAsync("the generated events", TimeSpan.FromMinutes(30), async () =>
        {
            var inLog = (await client.Admin.GetModelStatusAsync(new GetModelStatusRequest())).EventsInLog;
            // The loader writes the events then stops; reviews come on top of the requested count.
            var done = inLog >= options.Events && inLog == last;
            last = inLog;
            return done;
        }, poll: TimeSpan.FromSeconds(1));
        progress($"{last:N0} events in the log {clock.Elapsed.TotalSeconds:F1} s after launch; waiting until every grain holds them");
        // The log acknowledges at its own speed and the grains follow: a run against grains still catching up measures the catch-up.
        await WaitForAsync("the grains to apply the events", TimeSpan.FromMinutes(30), async () =>
            (await client.Admin.GetModelStatusAsync(new GetModelStatusRequest())).ProjectionLag == 0, poll: TimeSpan.FromSeconds(1));
        progress($"every grain holds them {clock.Elapsed.TotalSeconds:F1} s after launch; training {string.Join(" and ", options.Scenario.Models)} on them");

        foreach (var model in options.Scenario.Models)
        {
            var trained = await client.Admin.RetrainAsync(new RetrainRequest { Model = model });
            progress($"{model} model {trained.Version} trained in {trained.TrainingSeconds:F1} s (published: {trained.Published}) {clock.Elapsed.TotalSeconds:F1} s after launch");
        }
    }

    private async Task WaitForAsync(string what, TimeSpan timeout, Func<Task<bool>> ready, TimeSpan? poll = null)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the engine exited with code {_process.ExitCode} while waiting for {what}; its log: {LogPath}");
            try
            {
                if (await ready()) return;
            }
            catch (Grpc.Core.RpcException)
            {
                // Not listening yet.
            }
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(200));
        }
        throw new TimeoutException($"the engine did not reach {what} within {timeout.TotalSeconds:F0} s; its log: {LogPath}");
    }

    private static async Task CopyOutputAsync(Process process, string path)
    {
        await using var log = new StreamWriter(path) { AutoFlush = true };
        await Task.WhenAll(Copy(process.StandardOutput), Copy(process.StandardError));

        async Task Copy(StreamReader source)
        {
            while (await source.ReadLineAsync() is { } line)
                lock (log) log.WriteLine(line);
        }
    }

    /// <summary>The server built next to this tool: the repository root holds the solution file.</summary>
    private static string LocateServer()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PersonalizationEngine.sln")))
                return Path.Combine(dir.FullName, "src", "PersonalizationEngine.Server", "bin", configuration, "net10.0", "PersonalizationEngine.Server.dll");
        }
        throw new UsageException("cannot find the repository (PersonalizationEngine.sln) above this tool: give --server-dll");
    }

    /// <summary>Distinct free loopback ports: all listeners are open at once, so the OS cannot hand one out twice.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The log writer may still hold the file for a moment; a temp folder left behind is harmless.
        }
    }
}
