using Grpc.Core;
using PersonalizationEngine.Cli.Commands;
using Spectre.Console;

var name = args.FirstOrDefault();
if (name is null or "help" or "--help" or "-h") return Help(args.Skip(1).FirstOrDefault());
if (name == "load-test") return await LoadTestCommand.RunAsync(args);
if (args.Skip(1).Any(arg => arg is "--help" or "-h")) return Help(name);
try
{
    var command = CliCommand.Named(name) ?? throw new UsageException($"unknown command '{name}'");
    var console = AnsiConsole.Console;
    // Piped output has no terminal width: Spectre would assume 80 columns and wrap every table cell.
    if (Console.IsOutputRedirected) console.Profile.Width = 200;
    return await command.Run(new CommandLine(args), console);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"pe: {ex.Message}");
    Console.Error.WriteLine(CliCommand.Named(name)?.Usage ?? CliCommand.Overview);
    return 2;
}
catch (RpcException ex)
{
    Console.Error.WriteLine($"pe: the engine answered {ex.StatusCode}: {ex.Status.Detail}");
    return 1;
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"pe: {ex.Message}");
    return 1;
}

// pe help [COMMAND]: the usage of every command, or of one; an unknown one is a usage error.
static int Help(string? command)
{
    if (command is null)
    {
        Console.WriteLine(CliCommand.Overview);
        return 0;
    }
    if (CliCommand.Named(command) is { } known)
    {
        Console.WriteLine(known.Usage);
        return 0;
    }
    Console.Error.WriteLine($"pe: unknown command '{command}'");
    Console.Error.WriteLine(CliCommand.Overview);
    return 2;
}
