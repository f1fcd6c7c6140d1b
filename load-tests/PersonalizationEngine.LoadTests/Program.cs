using System.Net.Http;
using System.Text.Json;
using Grpc.Net.Client;
using PersonalizationEngine.Client;
using PersonalizationEngine.LoadTests;

// pe-load <scenario> [--server URL] [--rate N | --callers N] [--duration S] [--warmup S]
//         [--customers N] [--products N] [--batch N] [--p99-ms X] [--json FILE]
const string Usage = "pe-load <scenario> [--server http://127.0.0.1:5000] [--rate 200 | --callers N] [--duration 30] [--warmup 10] " +
                     "[--customers 3000] [--products 600] [--batch 100] [--p99-ms X] [--json FILE]";
if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine(Usage);
    foreach (var s in Scenario.All) Console.Error.WriteLine($"  {s.Name,-12} {s.Description}");
    return 2;
}

var options = args.Skip(1).Chunk(2).Where(p => p.Length == 2 && p[0].StartsWith("--")).ToDictionary(p => p[0][2..], p => p[1]);
double Number(string name, double fallback) => options.TryGetValue(name, out var v) ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

var scenario = Scenario.Named(args[0]);
var server = options.GetValueOrDefault("server", "http://127.0.0.1:5000");
var warmup = TimeSpan.FromSeconds(Number("warmup", 10));
var duration = TimeSpan.FromSeconds(Number("duration", 30));
var ids = new IdSpace((int)Number("customers", 3000), (int)Number("products", 600), (int)Number("batch", 100));
// Several HTTP/2 connections, so more than 100 concurrent calls do not queue inside the client.
using var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
using var client = new PersonalizationClient(channel);
var runner = new LoadRunner(client, scenario, ids);
var load = options.ContainsKey("callers") ? $"closed, {Number("callers", 1)} callers" : $"open, {Number("rate", 200)} requests/s";
Console.WriteLine($"{scenario.Name}: {load}, {warmup.TotalSeconds} s warm-up, {duration.TotalSeconds} s measured, against {server}");
var result = options.ContainsKey("callers")
    ? await runner.RunClosedAsync((int)Number("callers", 1), warmup, duration)
    : await runner.RunOpenAsync(Number("rate", 200), warmup, duration);

Console.WriteLine($"requests {result.Requests:N0}, ok {result.Ok:N0}, failed {result.Failed:N0} ({string.Join(", ", result.Outcomes.Select(o => $"{o.Key} {o.Value}"))}), throughput {result.Requests / duration.TotalSeconds:F0}/s");
Console.WriteLine("latency ms: " + string.Join("  ", result.Summary().Select(s => $"{s.Name} {s.Ms:F2}")));
if (!options.ContainsKey("callers")) Console.WriteLine($"generator send lag ms (included above): p50 {result.SendLagMs(50):F2}  p99 {result.SendLagMs(99):F2}");
if (options.TryGetValue("json", out var json))
{
    await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new
    {
        scenario = scenario.Name, load, server, warmupSeconds = warmup.TotalSeconds, durationSeconds = duration.TotalSeconds,
        result.Requests, result.Ok, result.Failed, outcomes = result.Outcomes,
        latencyMs = result.Summary().ToDictionary(s => s.Name, s => s.Ms),
        sendLagMs = new { p50 = result.SendLagMs(50), p99 = result.SendLagMs(99) },
    }, new JsonSerializerOptions { WriteIndented = true }));
}

var breached = result.Failed > 0 || (options.ContainsKey("p99-ms") && result.LatencyMs(99) > Number("p99-ms", double.MaxValue));
if (breached) Console.WriteLine($"THRESHOLD BREACHED: {(result.Failed > 0 ? $"{result.Failed} failed requests" : $"p99 {result.LatencyMs(99):F2} ms > {Number("p99-ms", 0)} ms")}");
return breached ? 1 : 0;
