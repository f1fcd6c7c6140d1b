using System.Diagnostics;
using System.Net.Sockets;

namespace PersonalizationEngine.Testing;

/// <summary>What the fixtures that run a real server or browser (Redis, PostgreSQL, Chromium) share: installing it, running its tools, waiting for its port.</summary>
public static class LocalServer
{
    /// <summary>
    /// Installs Debian packages (as root, with apt-get); returns what apt-get said, for the skip reason. Fixtures
    /// in test assemblies that run at once take turns (flock), since a second apt-get fails on dpkg's lock.
    /// </summary>
    public static Task<string> AptInstallAsync(string packages) =>
        RunAsync("/usr/bin/flock", $"/tmp/pe-tests-apt.lock /bin/sh -c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {packages}\"",
            TimeSpan.FromMinutes(15));

    /// <summary>
    /// Installs the Debian <paramref name="package"/> when <paramref name="executable"/> is missing. Null when the
    /// executable is there (now); otherwise why not, for the skip reason.
    /// </summary>
    public static async Task<string?> MissingAfterInstallAsync(string executable, string package)
    {
        if (File.Exists(executable)) return null;
        var installed = await AptInstallAsync(package);
        return File.Exists(executable) ? null : $"{package} is not installed and apt-get could not install it ({installed})";
    }

    /// <summary>Runs a program to its end; returns its exit code and error output (or why it could not run).</summary>
    public static async Task<string> RunAsync(string file, string arguments, TimeSpan timeout)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            using var cancel = new CancellationTokenSource(timeout);
            var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
            var error = process.StandardError.ReadToEndAsync(cancel.Token);
            await process.WaitForExitAsync(cancel.Token);
            return $"exit {process.ExitCode}: {(await error).Trim()}".Trim();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return e.Message;
        }
    }

    /// <summary>Waits up to ten seconds for something to accept connections on the loopback <paramref name="port"/>.</summary>
    public static async Task<bool> AnswersAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (Answers(port)) return true;
            await Task.Delay(100);
        }
        return false;
    }

    private static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
