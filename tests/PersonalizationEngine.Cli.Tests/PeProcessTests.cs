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
        var (exitCode, _, error) = await RunPeWithOutputAsync(args);
        return (exitCode, error);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunPeWithOutputAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(PePath);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output, await error);
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

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_lists_every_command_and_exits_with_0(string help)
    {
        var (exitCode, output, _) = await RunPeWithOutputAsync(help);

        Assert.Equal(0, exitCode);
        Assert.Contains("pe status", output);
        Assert.Contains("pe eval-forecast", output);
    }

    [Theory]
    [InlineData("recommend", "--help")]
    [InlineData("help", "recommend")]
    public async Task Help_for_one_command_prints_its_usage(string first, string second)
    {
        var (exitCode, output, _) = await RunPeWithOutputAsync(first, second);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("pe recommend <customer-id>", output);
    }

    [Fact]
    public async Task Help_for_an_unknown_command_is_a_usage_error()
    {
        var (exitCode, error) = await RunPeAsync("help", "frobnicate");

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown command 'frobnicate'", error);
    }

    [Fact]
    public async Task A_piped_evaluation_prints_one_line_per_stage_not_a_line_per_update()
    {
        var data = Path.Combine(Path.GetTempPath(), $"pe-eval-{Guid.NewGuid():N}.data");
        var random = new Random(7);
        await File.WriteAllLinesAsync(data, Enumerable.Range(0, 3_000).Select(i =>
            $"{1 + random.Next(150)}\t{1 + random.Next(120)}\t{1 + random.Next(5)}\t{880_000_000 + i}"));
        try
        {
            var (exitCode, output, error) = await RunPeWithOutputAsync("eval", "movielens", data, "--models", "popularity,ease");

            Assert.True(exitCode == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, l => l.StartsWith("ease: started", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("ease: done in", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains('%'));
            Assert.Equal(2, lines.Count(l => l.StartsWith("ease:", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(data);
        }
    }
}
