using Microsoft.Diagnostics.NETCore.Client;
using PersonalizationEngine.GcTrace;

// pe-gctrace --pid N [--seconds 12] [--out gc.nettrace]   records a running engine's collections, then reports them
// pe-gctrace gc.nettrace                                  reports a recorded trace
try
{
    var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--")).ToDictionary(x => x.a[2..], x => args.ElementAtOrDefault(x.i + 1) ?? "");
    string trace;
    if (options.TryGetValue("pid", out var pid))
    {
        trace = options.GetValueOrDefault("out") ?? Path.Combine(Path.GetTempPath(), $"pe-gc-{pid}.nettrace");
        await GcRecorder.RecordAsync(int.Parse(pid), TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("seconds") ?? "12")), trace);
    }
    else trace = args.FirstOrDefault(a => !a.StartsWith("--")) ?? throw new ArgumentException("name a trace file, or --pid of a running engine");
    GcReport.Print(GcReport.Read(trace), Console.Out);
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or FormatException or FileNotFoundException or ServerNotAvailableException)
{
    Console.Error.WriteLine($"pe-gctrace: {ex.Message}");
    return 2;
}
