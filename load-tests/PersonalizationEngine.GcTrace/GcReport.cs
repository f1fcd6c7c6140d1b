using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace PersonalizationEngine.GcTrace;

/// <summary>One collection: what kind, how long the process stood still, and what it traced.</summary>
/// <param name="MarkedFromOlder">Bytes reached through references held by objects of older generations (the card table).</param>
public sealed record Collection(string Kind, double PauseMs, double GcMs, long Promoted, long MarkedFromOlder, long Gen2Size);

/// <summary>What a trace of <see cref="GcRecorder"/> says: every collection, and the sampled allocations by type.</summary>
public sealed record GcTrace(double Seconds, IReadOnlyList<Collection> Collections, IReadOnlyDictionary<string, long> AllocatedByType);

public static class GcReport
{
    /// <summary>The runtime's root kind for objects marked through older generations' references.</summary>
    private const int MarkOlder = 3;

    public static GcTrace Read(string path)
    {
        using var source = new EventPipeEventSource(path);
        var collections = new List<Collection>();
        var allocated = new Dictionary<string, long>();
        double suspendedAt = 0, startedAt = 0, endedAt = 0, first = double.NaN, last = 0;
        string kind = "";
        long markedFromOlder = 0;
        GCHeapStatsTraceData? heap = null;
        source.Clr.GCSuspendEEStart += e => suspendedAt = e.TimeStampRelativeMSec;
        source.Clr.GCStart += e => (kind, startedAt, markedFromOlder) = ($"gen{e.Depth} {e.Type}", e.TimeStampRelativeMSec, 0);
        source.Clr.GCMarkWithType += e => { if ((int)e.Type == MarkOlder) markedFromOlder += e.Promoted; };
        source.Clr.GCStop += e => endedAt = e.TimeStampRelativeMSec;
        source.Clr.GCHeapStats += e => heap = (GCHeapStatsTraceData)e.Clone();
        source.Clr.GCRestartEEStop += e =>
        {
            if (heap is null || kind.Length == 0) return;
            var promoted = kind.StartsWith("gen0") ? heap.TotalPromotedSize0 : kind.StartsWith("gen1") ? heap.TotalPromotedSize1 : heap.TotalPromotedSize2;
            collections.Add(new Collection(kind, e.TimeStampRelativeMSec - suspendedAt, endedAt - startedAt, promoted, markedFromOlder, heap.GenerationSize2));
            kind = "";
        };
        source.Clr.GCAllocationTick += e => allocated[e.TypeName ?? "?"] = allocated.GetValueOrDefault(e.TypeName ?? "?") + e.AllocationAmount64;
        source.AllEvents += e =>
        {
            if (double.IsNaN(first)) first = e.TimeStampRelativeMSec;
            last = e.TimeStampRelativeMSec;
        };
        source.Process();
        return new GcTrace(double.IsNaN(first) ? 0 : (last - first) / 1000, collections, allocated);
    }

    public static void Print(GcTrace trace, TextWriter output)
    {
        var paused = trace.Collections.Sum(c => c.PauseMs) / 1000;
        output.WriteLine($"{trace.Collections.Count} collections in {trace.Seconds:F1} s, paused {paused:F2} s ({(trace.Seconds > 0 ? paused / trace.Seconds : 0):P0})");
        output.WriteLine("| collection | count | pause mean / max ms | promoted mean MB | marked from older generations mean MB | gen-2 size at the end MB |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var kind in trace.Collections.GroupBy(c => c.Kind).OrderBy(g => g.Key))
            output.WriteLine($"| {kind.Key} | {kind.Count()} | {kind.Average(c => c.PauseMs):F1} / {kind.Max(c => c.PauseMs):F1} | {kind.Average(c => c.Promoted) / 1e6:F1} | " +
                             $"{kind.Average(c => c.MarkedFromOlder) / 1e6:F1} | {kind.Last().Gen2Size / 1e6:F0} |");
        var total = trace.AllocatedByType.Values.Sum();
        if (total == 0) return;
        output.WriteLine($"allocated (sampled) {total / 1e6 / Math.Max(trace.Seconds, 1e-9):F0} MB/s; the largest shares:");
        foreach (var (type, bytes) in trace.AllocatedByType.OrderByDescending(t => t.Value).Take(10))
            output.WriteLine($"  {100.0 * bytes / total,5:F1}%  {type}");
    }
}
