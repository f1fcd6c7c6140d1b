using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using PersonalizationEngine.ML.Synthetic;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe simulate-experiment</c>: against an engine serving the demo shop, simulated customers (the demo's own, with
/// their latent tastes) are shown lists and click each item with the probability their taste gives it, naming the
/// list. Per seed, one experiment runs the serving model (control) against a challenger (popularity by default)
/// and is stopped; the table shows each arm's click-through and what the experiment decided. First it measures
/// how soon a click that names its list shows in GetOnlineMetrics.
/// </summary>
public static class SimulateExperimentCommand
{
    public const string Usage = "pe simulate-experiment [--seeds 20] [--visits 1500] [--list 10] [--share 0.5] [--challenger popularity|MODEL_VERSION]\n"
        + "    [--workers 8] [--demo-customers 3000] [--demo-products 600] [--server URL]";

    private const int LatencyProbes = 5;

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("seeds", "visits", "list", "share", "challenger", "workers", "demo-customers", "demo-products");
        var seeds = line.IntOption("seeds", 20, 1, 1_000);
        var visits = line.IntOption("visits", 1_500, 10, 10_000_000);
        var listSize = line.IntOption("list", 10, 1, 100);
        var share = line.DoubleOption("share", 0.5, 0.01, 0.99);
        var challenger = line.Option("challenger") ?? "popularity";
        var workers = line.IntOption("workers", 8, 1, 256);
        var tastes = SyntheticShopGenerator.Tastes(new SyntheticShopOptions(
            line.IntOption("demo-customers", 3_000, 1, 10_000_000), line.IntOption("demo-products", 600, 12, 10_000_000)));
        var customers = tastes.CustomerIds.ToArray();
        using var client = line.Connect();
        var run = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

        var latencies = new List<double>();
        for (var probe = 0; probe < LatencyProbes; probe++) latencies.Add(await ClickToMetricsAsync(client, customers[probe], $"{run}-probe{probe}", listSize));
        console.MarkupLine($"a click naming its list, acknowledged -> counted in GetOnlineMetrics: {string.Join(", ", latencies.Select(l => $"{l:F0}"))} ms");

        var table = new Table().AddColumns("seed", "control CTR", "challenger CTR", "items shown (control / challenger)", "P(challenger better)", "decision");
        var (controlWins, challengerWins) = (0, 0);
        for (var seed = 1; seed <= seeds; seed++)
        {
            var name = $"simulation-{run}-{seed}";
            var start = new StartExperimentRequest { Name = name, TrafficShare = share };
            if (challenger == "popularity") start.Ranking = RankingConfiguration.Popularity;
            else start.ModelVersion = challenger;
            await client.Experiments.StartExperimentAsync(start);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(w =>
                VisitAsync(client, tastes, customers, new Random(seed * 7_919 + w), visits / workers + (w < visits % workers ? 1 : 0), listSize, $"{name}-{w}")));
            // What the silo counted in its last quarter second is sent before the arms are read.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var result = await client.Experiments.StopExperimentAsync(new StopExperimentRequest { Name = name });
            var (control, other) = (result.Control.Metrics, result.ChallengerArm.Metrics);
            if (result.Decision == "control better") controlWins++;
            if (result.Decision == "challenger better") challengerWins++;
            table.AddRow(seed.ToString(CultureInfo.InvariantCulture), $"{control.ClickThroughRate:P2}", $"{other.ClickThroughRate:P2}",
                $"{control.ItemsShown:N0} / {other.ItemsShown:N0}", $"{result.ProbabilityChallengerBetter:F4}", result.Decision);
        }
        console.Write(table);
        console.MarkupLine($"control (the serving model) named better in {controlWins} of {seeds} seeds; the challenger ({Markup.Escape(challenger)}) in {challengerWins}");
        return 0;
    }

    /// <summary>One simulated customer after another: a list, then a click on each item with the chance their taste gives it.</summary>
    private static async Task VisitAsync(PersonalizationClient client, SyntheticTastes tastes, string[] customers, Random random, int visits, int listSize, string prefix)
    {
        for (var visit = 0; visit < visits; visit++)
        {
            var customer = customers[random.Next(customers.Length)];
            var list = await client.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = customer, Count = listSize });
            var clicks = new TrackRequest();
            foreach (var item in list.Items)
            {
                if (random.NextDouble() >= tastes.ClickProbability(customer, item.ProductId)) continue;
                clicks.Events.Add(Click(customer, item.ProductId, list.RecommendationId, $"{prefix}-{visit}-{clicks.Events.Count}"));
            }
            if (clicks.Events.Count > 0) await client.Events.TrackAsync(clicks);
        }
    }

    /// <summary>Milliseconds from an acknowledged click that names its list until GetOnlineMetrics counts it.</summary>
    private static async Task<double> ClickToMetricsAsync(PersonalizationClient client, string customer, string eventId, int listSize)
    {
        var list = await client.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = customer, Count = listSize });
        var before = await ClicksAsync(client, list.ModelVersion);
        await client.Events.TrackAsync(new TrackRequest { Events = { Click(customer, list.Items[0].ProductId, list.RecommendationId, eventId) } });
        var clock = Stopwatch.StartNew();
        while (await ClicksAsync(client, list.ModelVersion) <= before)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("a click was not counted within 30 s");
            await Task.Delay(10);
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<long> ClicksAsync(PersonalizationClient client, string version) =>
        (await client.Experiments.GetOnlineMetricsAsync(new GetOnlineMetricsRequest { From = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(-2)) }))
        .Versions.FirstOrDefault(v => v.ModelVersion == version)?.Metrics.Clicks ?? 0;

    private static Event Click(string customer, string productId, string recommendationId, string eventId) => new()
    {
        EventId = eventId, CustomerId = customer, ProductId = productId, Type = EventType.Click, RecommendationId = recommendationId,
    };
}
