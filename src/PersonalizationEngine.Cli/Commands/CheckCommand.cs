using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe check</c>: an end-to-end check of a running engine. Waits for health SERVING, then a new customer
/// views three products of one category, and the time from the acknowledgement until their Recommend
/// leans toward that category is measured. Exit code 0 when that happens within --within seconds.
/// </summary>
public static class CheckCommand
{
    public const string Usage = "pe check [--wait SECONDS] [--within SECONDS] [--server URL]";

    private const int ListSize = 10;

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("wait", "within");
        var wait = TimeSpan.FromSeconds(line.IntOption("wait", 0, 0, 3_600));
        var within = TimeSpan.FromSeconds(line.IntOption("within", 1, 1, 3_600));
        using var client = line.Connect();

        var waited = await WaitForServingAsync(line.Server, wait);
        // The clock time lets a script that launched the engine tell launch-to-SERVING apart from this check's own start-up.
        console.MarkupLine($"health: [green]SERVING[/] at {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC (waited {waited.TotalSeconds:F1} s)");

        var customer = $"pe-check-{Guid.NewGuid():N}";
        var wide = await RecommendAsync(client, customer, 200);
        var before = wide.Items.Take(ListSize).ToList();
        // The category the customer's list shows least of, among those with three products to view.
        var target = wide.Items.GroupBy(i => i.Category).Where(g => g.Count() >= 3)
            .OrderBy(g => before.Count(i => i.Category == g.Key)).FirstOrDefault()
            ?? throw new UsageException("the engine has no category with three products yet; load data first (pe import, or the demo)");
        var beforeCount = before.Count(i => i.Category == target.Key);

        var views = new TrackRequest();
        views.Events.AddRange(target.Take(3).Select(item => new Event
        {
            EventId = Guid.NewGuid().ToString("N"), CustomerId = customer, ProductId = item.ProductId,
            Type = EventType.View, OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        }));
        var clock = Stopwatch.StartNew();
        await client.Events.TrackAsync(views);
        var acknowledged = clock.Elapsed;
        console.MarkupLine($"tracked 3 views in [blue]{Markup.Escape(target.Key)}[/] for a new customer: acknowledged in {acknowledged.TotalMilliseconds:F1} ms");

        clock.Restart();
        while (clock.Elapsed < within)
        {
            var after = await RecommendAsync(client, customer, ListSize);
            var afterCount = after.Items.Count(i => i.Category == target.Key);
            // Personalized, not merely moved by other customers' traffic.
            var personal = after.Items.Any(i => i.Category == target.Key && i.Reason != "popular now");
            if (afterCount > beforeCount && personal)
            {
                console.MarkupLine($"recommendations changed after [green]{clock.Elapsed.TotalMilliseconds:F0} ms[/]: {beforeCount} -> {afterCount} of {ListSize} in {Markup.Escape(target.Key)} (\"{Markup.Escape(after.Items[0].Reason)}\")");
                return 0;
            }
            await Task.Delay(5);
        }
        console.MarkupLine($"[red]recommendations did not change within {within.TotalSeconds:F0} s[/]");
        return 1;
    }

    private static async Task<RecommendResponse> RecommendAsync(PersonalizationClient client, string customer, int count) =>
        await client.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = customer, Count = count });

    /// <remarks>
    /// A fresh channel per attempt: a channel whose connection was refused waits out a growing reconnect
    /// backoff (seconds) before it tries again, and would see SERVING seconds after the engine got there.
    /// </remarks>
    private static async Task<TimeSpan> WaitForServingAsync(string server, TimeSpan wait)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new PersonalizationClient(server);
                var health = await probe.Health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (health.Status == HealthCheckResponse.Types.ServingStatus.Serving) return clock.Elapsed;
            }
            catch (RpcException) when (clock.Elapsed < wait)
            {
                // Not listening yet.
            }
            if (clock.Elapsed >= wait) throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, $"not SERVING after {wait.TotalSeconds:F0} s"));
            await Task.Delay(100);
        }
    }
}
