using Xunit;

namespace PersonalizationEngine.Testing;

/// <summary>
/// A real PostgreSQL server for the shared-log tests: a fresh cluster (initdb) in a temporary folder on a
/// free loopback port, installed from Debian when missing (apt-get, as root), started here and stopped at
/// the end. PostgreSQL refuses to run as root, so as root it runs as the postgres user. Where it cannot be
/// installed or started, <see cref="Unavailable"/> says why and the tests that need it are skipped.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pe-postgres-").FullName;
    private readonly int _port = FreePort.Next();
    private string _bin = "";
    private int _databases;

    public string? Unavailable { get; private set; }

    /// <summary>A new, empty database on the server, so each test starts from nothing.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}";
        var created = await LocalServer.RunAsync("/usr/bin/env", $"psql -h 127.0.0.1 -p {_port} -U postgres -d postgres -c \"CREATE DATABASE {name}\"", TimeSpan.FromSeconds(30));
        if (!created.StartsWith("exit 0", StringComparison.Ordinal)) throw new InvalidOperationException($"CREATE DATABASE failed: {created}");
        return ConnectionString(name);
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database}";

    public async Task InitializeAsync()
    {
        if (FindBin() is not { } bin)
        {
            var installed = await LocalServer.AptInstallAsync("postgresql");
            if (FindBin() is not { } afterInstall)
            {
                Skip($"PostgreSQL is not installed and apt-get could not install it ({installed})");
                return;
            }
            bin = afterInstall;
        }
        _bin = bin;
        var data = Path.Combine(_folder, "data");
        if (Environment.UserName == "root") await LocalServer.RunAsync("/bin/chown", $"-R postgres {_folder}", TimeSpan.FromSeconds(30));
        var initialized = await AsServerUser($"{bin}/initdb -D {data} -A trust -U postgres --no-sync");
        var started = await AsServerUser(
            $"{bin}/pg_ctl -D {data} -l {_folder}/server.log -w -o \"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1\" start");
        if (!await LocalServer.AnswersAsync(_port)) Skip($"PostgreSQL did not start on port {_port} (initdb {initialized}; pg_ctl {started})");
    }

    public async Task DisposeAsync()
    {
        if (_bin.Length > 0) await AsServerUser($"{_bin}/pg_ctl -D {_folder}/data -m immediate stop");
        Directory.Delete(_folder, recursive: true);
    }

    private Task<string> AsServerUser(string command) =>
        Environment.UserName == "root"
            ? LocalServer.RunAsync("/usr/sbin/runuser", $"-u postgres -- {command}", TimeSpan.FromMinutes(1))
            : LocalServer.RunAsync("/bin/sh", $"-c '{command}'", TimeSpan.FromMinutes(1));

    private void Skip(string reason)
    {
        Unavailable = reason;
        Console.WriteLine($"PostgreSQL tests skipped: {reason}");
    }

    /// <summary>The newest installed PostgreSQL's bin folder (Debian keeps each major version under /usr/lib/postgresql).</summary>
    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
            : null;
}
