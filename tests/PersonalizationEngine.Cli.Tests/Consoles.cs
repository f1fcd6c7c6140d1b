using Spectre.Console;

namespace PersonalizationEngine.Cli.Tests;

internal static class Consoles
{
    /// <summary>A console whose output is discarded, for running commands in tests.</summary>
    public static IAnsiConsole Quiet() => Recording(new StringWriter());

    /// <summary>A console that writes into <paramref name="output"/>, for tests that read what a command printed.</summary>
    public static IAnsiConsole Recording(StringWriter output) => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
}
