using System.Globalization;

namespace PersonalizationEngine.LoadTests;

/// <summary>The command line of <c>pe-load</c>, parsed and checked; bad input is a <see cref="UsageException"/> naming the option.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        pe-load <scenario> [--server http://127.0.0.1:5000 | --start-server [--events 200000] [--set Engine:Key=Value ...]]
                [--rate 200 | --callers N] [--duration 30] [--warmup 10] [--customers 3000] [--products 600]
                [--first-customer 1] [--batch 100] [--think-ms 200] [--channel app] [--freshness-timeout-ms 5000]
                [--threshold OPERATION:METRIC<=VALUE ...] [--p99-ms X] [--json FILE] [--markdown FILE] [--chart FILE.png]
                [--api-key KEY (or PE_API_KEY), for an engine with API keys]
                [--server URL,URL,... --retries N: the client library's round robin and retries, for a cluster]
                [--acked FILE: list every acknowledged event there (added to what earlier runs listed), then check the products' counters hold them all]
        """;

    private static readonly HashSet<string> Flags = ["start-server"];
    private static readonly HashSet<string> Repeatable = ["threshold", "set"];
    private static readonly HashSet<string> Known =
    [
        "server", "start-server", "events", "set", "rate", "callers", "duration", "warmup", "customers", "products", "batch",
        "think-ms", "channel", "freshness-timeout-ms", "threshold", "p99-ms", "json", "markdown", "chart", "server-dll", "api-key", "first-customer",
        "retries", "acked",
    ];

    public required Scenario Scenario { get; init; }
    public string Server { get; init; } = "http://127.0.0.1:5000";
    /// <summary>Every address --server names (comma-separated); the first is <see cref="Server"/>.</summary>
    public IReadOnlyList<string> Servers { get; init; } = ["http://127.0.0.1:5000"];
    /// <summary>Retries per call through the client library (--retries); 0: each call measured as it is.</summary>
    public int Retries { get; init; }
    /// <summary>Where to list the acknowledged events (--acked); null: not recorded.</summary>
    public string? AckedPath { get; init; }
    /// <summary>Sent as "x-api-key" on every call, for an engine with keys (--api-key, else PE_API_KEY); empty: none.</summary>
    public string ApiKey { get; init; } = "";
    /// <summary>Start the engine on a fresh data folder with a generated shop of <see cref="Customers"/>, <see cref="Products"/> and <see cref="Events"/>.</summary>
    public bool StartServer { get; init; }
    public string? ServerDll { get; init; }
    public int Events { get; init; } = 200_000;
    /// <summary>Extra engine configuration for a started server (KEY=VALUE).</summary>
    public IReadOnlyList<string> EngineSettings { get; init; } = [];
    /// <summary>Open model: steps per second; null for the closed model.</summary>
    public double? Rate { get; init; }
    /// <summary>Closed model: concurrent callers; null for the open model.</summary>
    public int? Callers { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);
    public int Customers { get; init; } = 3_000;
    /// <summary>The number of the first customer drawn (--first-customer, 1 by default): another range of customers than a concurrent run's.</summary>
    public int FirstCustomer { get; init; } = 1;
    public int Products { get; init; } = 600;
    public ScenarioSettings Settings { get; init; } = new();
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];
    public string? JsonPath { get; init; }
    public string? MarkdownPath { get; init; }
    public string? ChartPath { get; init; }

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-')) throw new UsageException("name a scenario first");
        var values = ReadOptions(args.Skip(1).ToList());
        string? One(string name) => values.TryGetValue(name, out var v) ? v[^1] : null;
        double Number(string name, double fallback, double min, double max)
        {
            var text = One(name);
            if (text is null) return fallback;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                throw new UsageException($"--{name}: '{text}' is not a number from {min} to {max}");
            return value;
        }
        int Whole(string name, int fallback, int min, int max)
        {
            var value = Number(name, fallback, min, max);
            return value == Math.Floor(value) ? (int)value : throw new UsageException($"--{name}: '{One(name)}' is not a whole number");
        }

        if (values.ContainsKey("rate") && values.ContainsKey("callers")) throw new UsageException("--rate and --callers: choose one load model");
        if (values.ContainsKey("server") && values.ContainsKey("start-server")) throw new UsageException("--server and --start-server: choose one");
        var startServer = values.ContainsKey("start-server");
        foreach (var name in new[] { "events", "set", "server-dll" })
            if (values.ContainsKey(name) && !startServer) throw new UsageException($"--{name}: only with --start-server");
        var settings = values.GetValueOrDefault("set") ?? [];
        foreach (var setting in settings)
            if (!setting.Contains('=') || setting.StartsWith('=')) throw new UsageException($"--set '{setting}': expected KEY=VALUE, e.g. Engine:Training:CheckInterval=00:00:05");

        var servers = (One("server") ?? "http://127.0.0.1:5000").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var server in servers.DefaultIfEmpty(""))
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new UsageException($"--server: '{server}' is not an http(s) address");
        var thresholds = (values.GetValueOrDefault("threshold") ?? []).Select(Threshold.Parse).ToList();
        if (One("p99-ms") is not null) thresholds.Add(new Threshold(Threshold.AnyOperation, "p99", true, Number("p99-ms", 0, 0, double.MaxValue)));
        // Every call must succeed unless the command line sets its own limit on failures.
        if (!thresholds.Any(t => t.Metric is "failed" or "error-rate")) thresholds.Add(new Threshold(Threshold.AnyOperation, "failed", true, 0));

        return new LoadOptions
        {
            Scenario = Scenario.Named(args[0]),
            Server = servers[0],
            Servers = servers,
            Retries = Whole("retries", 0, 0, 100),
            AckedPath = One("acked"),
            ApiKey = One("api-key") ?? Environment.GetEnvironmentVariable("PE_API_KEY") ?? "",
            StartServer = startServer,
            ServerDll = One("server-dll"),
            Events = Whole("events", 200_000, 0, 100_000_000),
            EngineSettings = settings,
            Rate = values.ContainsKey("callers") ? null : Number("rate", 200, 0.1, 1_000_000),
            Callers = values.ContainsKey("callers") ? Whole("callers", 1, 1, 10_000) : null,
            Duration = TimeSpan.FromSeconds(Number("duration", 30, 0.1, 86_400)),
            Warmup = TimeSpan.FromSeconds(Number("warmup", 10, 0, 86_400)),
            Customers = Whole("customers", 3_000, 1, 100_000_000),
            FirstCustomer = Whole("first-customer", 1, 1, 100_000_000),
            Products = Whole("products", 600, 1, 99_999),
            Settings = new ScenarioSettings
            {
                Batch = Whole("batch", 100, 1, 1_000_000),
                ThinkTime = TimeSpan.FromMilliseconds(Number("think-ms", 200, 0, 600_000)),
                Channel = One("channel") ?? "app",
                FreshnessTimeout = TimeSpan.FromMilliseconds(Number("freshness-timeout-ms", 5_000, 1, 600_000)),
            },
            Thresholds = thresholds,
            JsonPath = One("json"),
            MarkdownPath = One("markdown"),
            ChartPath = One("chart"),
        };
    }

    /// <summary>"--name value" pairs and "--flag"s after the scenario; repeatable options collect every value.</summary>
    private static Dictionary<string, List<string>> ReadOptions(List<string> args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--")) throw new UsageException($"unexpected '{args[i]}': options start with --");
            var name = args[i][2..];
            if (!Known.Contains(name)) throw new UsageException($"unknown option --{name}");
            if (values.ContainsKey(name) && !Repeatable.Contains(name)) throw new UsageException($"--{name} given twice");
            if (Flags.Contains(name))
            {
                values[name] = [];
                continue;
            }
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--")) throw new UsageException($"--{name}: needs a value");
            if (!values.TryGetValue(name, out var list)) values[name] = list = [];
            list.Add(args[++i]);
        }
        return values;
    }

    /// <summary>The load model in words, for reports.</summary>
    public string LoadDescription => Callers is { } callers ? $"closed, {callers} callers" : $"open, {Rate:0.##} steps/s";
}
