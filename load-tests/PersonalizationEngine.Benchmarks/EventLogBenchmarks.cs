using BenchmarkDotNet.Attributes;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// Appending to the durable event log: each call completes once its events are on disk (one write and one
/// fsync per group commit). A batch of 1,000 events is a full <c>Track</c> call or a TrackStream commit;
/// one event is the latency floor of a single acknowledged event.
/// </summary>
[MemoryDiagnoser]
public class EventLogBenchmarks
{
    private string _folder = "";
    private FileEventLog _log = null!;
    private long _next;

    [Params(1, 1_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"pe-bench-log-{Guid.NewGuid():N}");
        _log = FileEventLog.Open(new EventLogOptions(_folder));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _log.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public Task<AppendResult> AppendDurably() => _log.AppendEventsAsync(Batch());

    /// <summary>Events as the API sends them: new ids (so none is a duplicate), a context entry, a value.</summary>
    private TrackedEvent[] Batch()
    {
        var batch = new TrackedEvent[Events];
        for (var i = 0; i < batch.Length; i++)
        {
            var n = _next++;
            batch[i] = new TrackedEvent(0, $"event-{n}", $"C{n % 100_000:D6}", $"P{n % 20_000:D5}", InteractionType.View,
                DateTimeOffset.UnixEpoch.AddSeconds(n), 1, null, null, new Dictionary<string, string> { ["channel"] = "web" });
        }
        return batch;
    }
}
