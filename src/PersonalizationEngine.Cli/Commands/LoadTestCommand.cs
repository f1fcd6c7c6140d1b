using System.Diagnostics;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe load-test SCENARIO ...</c>: the load tool (pe-load, load-tests/README.md), run as its own process so
/// its measurements are not shared with this one; its output and exit code are pe's. pe does not reference the
/// load tool: it runs pe-load from beside itself (a published bundle), else the source tree's build of it in
/// pe's own configuration, else builds and runs it with <c>dotnet run</c>.
/// </summary>
public static class LoadTestCommand
{
    public const string Usage = "pe load-test SCENARIO [--rate N | --callers N] [--duration S] [--start-server] ... (pe load-test --help: every option)";

    private const string ToolProject = "load-tests/PersonalizationEngine.LoadTests";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var arg in ToolCommand()) start.ArgumentList.Add(arg);
        foreach (var arg in args.Skip(1)) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet for pe-load");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static IReadOnlyList<string> ToolCommand()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "pe-load.dll");
        if (File.Exists(beside)) return [beside];
        var repository = SourceTree() ?? throw new UsageException(
            $"the load tool is neither beside pe ({beside}) nor in a source tree above it; build {ToolProject}");
        // pe runs from src/PersonalizationEngine.Cli/bin/CONFIGURATION/TFM/: the tool's build sits at the same place.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var built = Path.Combine(repository, ToolProject, "bin", output.Parent!.Name, output.Name, "pe-load.dll");
        if (File.Exists(built)) return [built];
        return ["run", "-c", "Release", "--project", Path.Combine(repository, ToolProject), "--"];
    }

    private static string? SourceTree()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (Directory.Exists(Path.Combine(folder.FullName, ToolProject))) return folder.FullName;
        return null;
    }
}
