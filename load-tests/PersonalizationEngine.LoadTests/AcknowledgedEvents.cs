using System.Collections.Concurrent;
using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// Every event the engine acknowledged during a run (--acked FILE), for the fault tests: the file lists
/// them (event id, product, type) so the log can be counted against them, and <see cref="VerifyAsync"/>
/// checks that each product's counters in its grain hold at least the acknowledged events. The file
/// accumulates over runs (a run first reads what earlier ones listed), so a run after a restart checks
/// everything acknowledged before it too.
/// </summary>
public sealed class AcknowledgedEvents
{
    private readonly ConcurrentQueue<Event> _events = new();

    public int Count => _events.Count;

    /// <summary>The events an earlier run listed in <paramref name="path"/>; none when there is no such file.</summary>
    public static async Task<AcknowledgedEvents> ReadAsync(string path)
    {
        var events = new AcknowledgedEvents();
        if (!File.Exists(path)) return events;
        foreach (var line in await File.ReadAllLinesAsync(path))
        {
            var fields = line.Split('\t');
            if (fields.Length != 3 || !Enum.TryParse<EventType>(fields[2], out var type))
                throw new UsageException($"--acked {path}: '{line}' is not an 'event id, product, type' line this tool wrote");
            events._events.Enqueue(new Event { EventId = fields[0], ProductId = fields[1], Type = type });
        }
        return events;
    }

    public void Add(IEnumerable<Event> events)
    {
        foreach (var e in events) _events.Enqueue(e);
    }

    public Task WriteAsync(string path) =>
        File.WriteAllLinesAsync(path, _events.Select(e => $"{e.EventId}\t{e.ProductId}\t{e.Type}"));

    /// <summary>
    /// Products whose views, carts or purchases in the engine are below what was acknowledged for them, after
    /// waiting up to <paramref name="settle"/> for the projection to catch up; empty when nothing was lost.
    /// </summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(PersonalizationClient client, TimeSpan settle)
    {
        var expected = _events.Where(e => e.ProductId.Length > 0).GroupBy(e => e.ProductId)
            .ToDictionary(g => g.Key, g => (Views: CountOf(g, EventType.View), Carts: CountOf(g, EventType.AddToCart), Purchases: CountOf(g, EventType.Purchase)));
        var deadline = DateTime.UtcNow + settle;
        while (true)
        {
            var shortfalls = new List<string>();
            foreach (var (product, want) in expected)
            {
                var stats = (await client.Catalog.GetProductAsync(new GetProductRequest { ProductId = product })).Stats;
                if (stats is null || stats.Views < want.Views || stats.AddToCarts < want.Carts || stats.Purchases < want.Purchases)
                    shortfalls.Add($"{product}: views {stats?.Views ?? 0}/{want.Views}, carts {stats?.AddToCarts ?? 0}/{want.Carts}, purchases {stats?.Purchases ?? 0}/{want.Purchases}");
            }
            if (shortfalls.Count == 0 || DateTime.UtcNow > deadline) return shortfalls;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    public int Products => _events.Select(e => e.ProductId).Where(p => p.Length > 0).Distinct().Count();

    private static int CountOf(IEnumerable<Event> events, EventType type) => events.Count(e => e.Type == type);
}
