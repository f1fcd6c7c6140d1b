using System.Diagnostics;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe load-test SCENARIO ...</c>: the load tool (pe-load, load-tests/README.md), built beside pe, run
/// as its own process so its measurements are not shared with this one; its output and exit code are pe's.
/// </summary>
public static class LoadTestCommand
{
    public const string Usage = "pe load-test SCENARIO [--rate N | --callers N] [--duration S] [--start-server] ... (pe load-test --help: every option)";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "pe-load.dll");
        if (!File.Exists(tool)) throw new UsageException($"the load tool is not built beside pe ({tool} does not exist)");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (var arg in args.Skip(1)) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet for pe-load");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
