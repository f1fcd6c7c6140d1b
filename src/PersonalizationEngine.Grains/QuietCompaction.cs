using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PersonalizationEngine.Grains;

/// <summary>
/// Compacts the heap and returns the freed memory to the operating system while the engine is quiet. What the
/// engine let go (grains deactivated after their idle time, a training run's log snapshot and matrices) is
/// garbage the collector has not looked at yet: an idle engine allocates next to nothing, so no collection runs
/// for minutes or hours, and the process stays at the size it reached. At the full size (100,000 customers,
/// every grain deactivated once the load ended) compacting took the engine from 2,294 to 846 MiB resident
/// (docs/benchmarks.md, "Memory at the full size"). A background collection frees that garbage without stopping requests but does not compact, so the memory
/// between the surviving objects stays committed. Where the engine is quiet (allocating less than
/// <see cref="QuietBytesPerSecond"/>: no traffic to speak of) a compacting collection, which stops the engine
/// for as long as moving the live objects takes, costs no request anything; under traffic, traffic's own
/// collections keep garbage from piling up. The JVM's periodic G1 collections (JEP 346) return memory while
/// idle the same way. Two moments use it: every <see cref="IdleCheckInterval"/> (<see cref="WhenIdle"/>), and
/// before each training run (<see cref="BeforeTrainingRunAsync"/>), so that the run's peak does not count what
/// went since the last one.
/// </summary>
/// <param name="milliseconds">A monotonic clock (<see cref="Environment.TickCount64"/>).</param>
public sealed class QuietCompaction(
    bool enabled, ILogger<QuietCompaction> logger, Func<long> allocatedBytes, Func<TimeSpan, Task> wait, Func<long> milliseconds)
{
    /// <summary>
    /// Allocation below this rate means no traffic: an idle engine's timers, metrics and cluster upkeep allocated
    /// 150-220 KB a second (dotnet-counters on the demo shop), and a Recommend allocates about 17 KB, so this is
    /// less than about 60 requests a second.
    /// </summary>
    public const long QuietBytesPerSecond = 1 << 20;

    /// <summary>
    /// What the engine must have allocated since it last compacted before an idle check compacts again: a
    /// compaction frees only what became garbage since, so an engine left idle for hours compacts about once.
    /// </summary>
    public const long IdleCompactionAfterBytes = 256L << 20;

    public static readonly TimeSpan IdleCheckInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long allocation is watched before a training run: short, as the run waits for it.</summary>
    public static readonly TimeSpan BeforeRunWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// No request may have arrived for this long before a run compacts: a client calling every few hundred
    /// milliseconds allocates too little to tell by, and would wait for the pause.
    /// </summary>
    public static readonly TimeSpan BeforeRunNoCallsFor = TimeSpan.FromSeconds(2);

    private long _allocatedAtLastLook = allocatedBytes();
    private long _allocatedAtLastCompaction;
    private long _lastCallAt = milliseconds();

    public QuietCompaction(bool enabled, ILogger<QuietCompaction> logger)
        : this(enabled, logger, () => GC.GetTotalAllocatedBytes(precise: false), Task.Delay, () => Environment.TickCount64)
    {
    }

    /// <summary>What a compaction did: the resident memory before and after it, and how long it paused the engine.</summary>
    public readonly record struct Compacted(long ResidentBefore, long ResidentAfter, TimeSpan Took);

    /// <summary>Collects before a training run: compacting where the engine is quiet, in the background (null) otherwise.</summary>
    public async Task<Compacted?> BeforeTrainingRunAsync()
    {
        if (enabled)
        {
            var before = allocatedBytes();
            await wait(BeforeRunWindow);
            if (IsQuiet(allocatedBytes() - before, BeforeRunWindow) && NoCallFor(BeforeRunNoCallsFor)) return Compact("before a training run");
        }
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false);
        return null;
    }

    /// <summary>
    /// A request arrived: no idle compaction for the next <see cref="IdleCheckInterval"/>, none before a run for
    /// <see cref="BeforeRunNoCallsFor"/>. The engine's own admin calls (a Retrain, the status) do not count.
    /// </summary>
    public void CallArrived() => Volatile.Write(ref _lastCallAt, milliseconds());

    /// <summary>
    /// Called every <see cref="IdleCheckInterval"/>: compacts where no request arrived and the engine was quiet
    /// since the last look, and it allocated at least <see cref="IdleCompactionAfterBytes"/> since it last
    /// compacted; null where it did not. A request that does arrive during the pause waits for it, so any
    /// traffic at all (a request at least every 30 s) keeps it from happening.
    /// </summary>
    public Compacted? WhenIdle(TimeSpan sinceLastLook)
    {
        var now = allocatedBytes();
        var quiet = IsQuiet(now - Interlocked.Exchange(ref _allocatedAtLastLook, now), sinceLastLook)
            && NoCallFor(sinceLastLook);
        if (!enabled || !quiet || now - Volatile.Read(ref _allocatedAtLastCompaction) < IdleCompactionAfterBytes) return null;
        return Compact("while idle");
    }

    private bool NoCallFor(TimeSpan span) => milliseconds() - Volatile.Read(ref _lastCallAt) >= span.TotalMilliseconds;

    private static bool IsQuiet(long allocated, TimeSpan over) => allocated < QuietBytesPerSecond * over.TotalSeconds;

    private Compacted Compact(string when)
    {
        var residentBefore = Environment.WorkingSet;
        var started = Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var took = Stopwatch.GetElapsedTime(started);
        Volatile.Write(ref _allocatedAtLastCompaction, allocatedBytes());
        var compacted = new Compacted(residentBefore, Environment.WorkingSet, took);
        logger.LogInformation("Compacted the heap {When}, the engine being quiet: {Before} MiB resident, {After} MiB after, paused {Pause} ms",
            when, compacted.ResidentBefore >> 20, compacted.ResidentAfter >> 20, (int)took.TotalMilliseconds);
        return compacted;
    }
}
