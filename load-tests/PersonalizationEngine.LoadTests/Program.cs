using System.Net.Http;
using Grpc.Net.Client;
using PersonalizationEngine.Client;
using PersonalizationEngine.LoadTests;

// pe-load: drives the engine with one named scenario and reports latency by percentile; exit code 0 when
// every threshold held, 1 when one was breached, 2 on bad arguments. See LoadOptions.Usage.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"pe-load: {ex.Message}");
    Console.Error.WriteLine(LoadOptions.Usage);
    foreach (var s in Scenario.All) Console.Error.WriteLine($"  {s.Name,-16} {s.Description}");
    return 2;
}

await using var started = options.StartServer ? await ServerProcess.StartAsync(options, Console.WriteLine) : null;
var server = started?.Address ?? options.Server;
using var client = CreateClient();
var ids = new IdSpace(options.Customers, options.Products, options.FirstCustomer);
if (options.Scenario.Setup is { } setup) await setup(client, ids);

var report = new LoadReport(options.Scenario.Name, options.LoadDescription, options.Warmup, options.Duration, server);
Console.WriteLine($"running {report.Scenario} ({report.Load}) for {(report.Warmup + report.Duration).TotalSeconds:0.#} s");
var acknowledged = options.AckedPath is null ? null : await AcknowledgedEvents.ReadAsync(options.AckedPath);
var runner = new LoadRunner(client, options.Scenario, ids, options.Settings, acknowledged);
if (options.Callers is { } callers) await runner.RunClosedAsync(callers, report);
else await runner.RunOpenAsync(options.Rate!.Value, report);

var breaches = options.Thresholds.SelectMany(t => t.Breaches(report)).ToList();
Console.Write(TextReport.Console(report, breaches));
if (started?.Memory() is var (current, peak)) Console.WriteLine($"engine memory: {current:N0} MiB resident now, {peak:N0} MiB peak");
if (options.JsonPath is { } json) await File.WriteAllTextAsync(json, JsonReport.Write(report, breaches));
if (options.MarkdownPath is { } markdown) await File.WriteAllTextAsync(markdown, TextReport.Markdown(report, breaches));
if (options.ChartPath is { } chart) LatencyChart.Save(chart, report);
var lost = acknowledged is null ? [] : await CheckAcknowledgedAsync(acknowledged, options.AckedPath!);
return breaches.Count == 0 && lost.Count == 0 ? 0 : 1;

PersonalizationClient CreateClient()
{
    // A cluster: the client library's round robin over the addresses and retries with backoff, under a deadline
    // long enough for the cluster to declare a killed silo dead (a failure shows in the latencies, not as an error).
    if (options.Servers.Count > 1 || options.Retries > 0)
        return new PersonalizationClient(new PersonalizationClientOptions
        {
            Addresses = [.. options.Servers], ApiKey = options.ApiKey, MaxAttempts = options.Retries + 1, Deadline = TimeSpan.FromSeconds(30),
        });
    // Several HTTP/2 connections, so more than 100 concurrent calls do not queue inside the client.
    var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
    // With a key, only the key is added (no deadline, no retries): the tool measures each call as it is.
    return options.ApiKey.Length == 0
        ? new PersonalizationClient(channel)
        : new PersonalizationClient(channel, new CallDefaultsInterceptor(new PersonalizationClientOptions { ApiKey = options.ApiKey, Deadline = Timeout.InfiniteTimeSpan }));
}

async Task<IReadOnlyList<string>> CheckAcknowledgedAsync(AcknowledgedEvents events, string path)
{
    await events.WriteAsync(path);
    var shortfalls = await events.VerifyAsync(client, TimeSpan.FromSeconds(60));
    Console.WriteLine($"acknowledged events: {events.Count:N0} (listed in {path}); products checked: {events.Products:N0}; products short of them: {shortfalls.Count}");
    foreach (var shortfall in shortfalls.Take(10)) Console.WriteLine($"  short: {shortfall}");
    return shortfalls;
}
