using Spectre.Console;

namespace PersonalizationEngine.Cli.Tests;

internal static class Consoles
{
    /// <summary>A console whose output is discarded, for running commands in tests.</summary>
    public static IAnsiConsole Quiet() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });
}
