using PersonalizationEngine.GcTrace;

namespace PersonalizationEngine.LoadTests.Tests;

/// <summary>pe-gctrace records this test process's own collections over its diagnostics port and reads them back.</summary>
public sealed class GcTraceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"gc-trace-test-{Guid.NewGuid():N}.nettrace");

    [Fact]
    public async Task A_recording_holds_the_collections_made_and_what_was_allocated()
    {
        using var stop = new CancellationTokenSource();
        var keep = new List<byte[]>();
        var work = Task.Run(async () =>
        {
            // Kept arrays survive into older generations; each forced collection is one the trace must show.
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < 200; i++) keep.Add(new byte[1_000]);
                if (keep.Count > 20_000) keep.RemoveRange(0, 10_000);
                GC.Collect(1);
                await Task.Delay(20);
            }
        });

        await GcRecorder.RecordAsync(Environment.ProcessId, TimeSpan.FromSeconds(2), _path);
        stop.Cancel();
        await work;

        var trace = GcReport.Read(_path);
        Assert.Contains(trace.Collections, c => c.Kind.StartsWith("gen1") && c.PauseMs > 0 && c.Gen2Size > 0);
        Assert.True(trace.AllocatedByType.GetValueOrDefault("System.Byte[]") > 0);
        var report = new StringWriter();
        GcReport.Print(trace, report);
        Assert.Contains("| gen1 ", report.ToString());
        Assert.Contains("System.Byte[]", report.ToString());
    }

    public void Dispose() => File.Delete(_path);
}
