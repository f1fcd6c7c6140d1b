using BenchmarkDotNet.Attributes;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// Opening a log that holds 200,000 events, as the engine does on every start (CRC check, decode, the
/// event-id index, and a callback per record like the live catalog's): start-up time grows with it.
/// </summary>
[MemoryDiagnoser]
public class EventLogRecoveryBenchmarks
{
    private const int Events = 200_000;
    private string _folder = "";

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"pe-bench-recovery-{Guid.NewGuid():N}");
        await using var log = FileEventLog.Open(new EventLogOptions(_folder));
        for (var start = 0; start < Events; start += 1_000)
        {
            await log.AppendEventsAsync(Enumerable.Range(start, 1_000).Select(n => new TrackedEvent(0, $"event-{n}", $"C{n % 100_000:D6}",
                $"P{n % 20_000:D5}", (InteractionType)(1 + n % 4), DateTimeOffset.UnixEpoch.AddSeconds(n), 1, null, null,
                new Dictionary<string, string> { ["channel"] = "web" })).ToArray());
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public async Task<long> Recover()
    {
        long products = 0;
        await using var log = FileEventLog.Open(new EventLogOptions(_folder), record =>
        {
            if (record is EventRecord { Event.ProductId: not null }) products++;
        });
        return log.EventCount + products;
    }
}
