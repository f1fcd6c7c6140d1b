using System.Diagnostics;

namespace PersonalizationEngine.Cli.Tests;

/// <summary>The built pe tool, run as a process from its own build output: exit codes and messages a user sees.</summary>
public sealed class PeProcessTests
{
    /// <summary>src/PersonalizationEngine.Cli/bin/CONFIGURATION/net10.0/pe.dll, for the configuration these tests were built in.</summary>
    private static readonly string PePath = FindPe();

    private static string FindPe()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "src", "PersonalizationEngine.Cli", "bin", configuration, output.Name, "pe.dll");
    }

    private static async Task<(int ExitCode, string Error)> RunPeAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(PePath);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await error);
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "import", "parquet", "PeProcessTests.cs" }, "does not exist")]
    [InlineData(new[] { "import", "movielens", "/no/such/file" }, "file '/no/such/file' does not exist")]
    [InlineData(new[] { "report", "--colour", "red" }, "unknown option --colour")]
    [InlineData(new[] { "train", "--out" }, "--out needs a value")]
    [InlineData(new[] { "load-test", "frobnicate" }, "unknown scenario 'frobnicate'")]
    [InlineData(new[] { "load-test", "recommend", "--rate", "-5" }, "--rate")]
    public async Task Bad_arguments_exit_with_2_and_a_clear_message(string[] args, string message)
    {
        var (exitCode, error) = await RunPeAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task An_unreachable_server_is_an_error_not_a_crash()
    {
        var (exitCode, error) = await RunPeAsync("status", "--server", "http://127.0.0.1:1");

        Assert.Equal(1, exitCode);
        Assert.Contains("Unavailable", error);
    }
}
