using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace PersonalizationEngine.GcTrace;

/// <summary>Records a process's garbage collections (and sampled allocations) over its diagnostics port into an EventPipe file.</summary>
public static class GcRecorder
{
    /// <summary>The runtime's GC keyword; at the verbose level it includes an allocation sample every 100 KB.</summary>
    private const long GcKeyword = 0x1;

    public static async Task RecordAsync(int processId, TimeSpan duration, string path)
    {
        var client = new DiagnosticsClient(processId);
        var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, GcKeyword);
        using var session = client.StartEventPipeSession([provider], requestRundown: false);
        await using var file = File.Create(path);
        var copy = session.EventStream.CopyToAsync(file);
        await Task.Delay(duration);
        await session.StopAsync(CancellationToken.None);
        await copy;
    }
}
