using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>One of pe's commands: its names, its usage text and what runs it.</summary>
public sealed record CliCommand(string[] Names, string Usage, Func<CommandLine, IAnsiConsole, Task<int>> Run)
{
    /// <summary>Every command, in the order <c>pe help</c> lists them.</summary>
    public static readonly IReadOnlyList<CliCommand> All =
    [
        new(["status"], StatusCommand.Usage, StatusCommand.RunAsync),
        new(["recommend"], RecommendCommand.Usage, RecommendCommand.RunAsync),
        new(["check"], CheckCommand.Usage, CheckCommand.RunAsync),
        new(["offers"], OffersCommand.Usage, OffersCommand.RunAsync),
        new(["propensity"], PropensityCommand.Usage, PropensityCommand.RunAsync),
        new(["forecast"], ForecastCommand.Usage, ForecastCommand.RunAsync),
        new(["segments"], SegmentsCommand.Usage, SegmentsCommand.RunAsync),
        new(["sentiment"], SentimentCommand.Usage, SentimentCommand.RunAsync),
        new(["train", "retrain"], RetrainCommand.Usage, RetrainCommand.RunAsync),
        new(["experiments"], ExperimentsCommand.Usage, ExperimentsCommand.RunAsync),
        new(["report"], ReportCommand.Usage, ReportCommand.RunAsync),
        new(["import"], ImportCommand.Usage, ImportCommand.RunAsync),
        // The load tool parses its own options (some are switches without a value): it gets the raw arguments.
        new(["load-test"], LoadTestCommand.Usage, (_, _) => throw new InvalidOperationException("load-test runs before options are parsed")),
        new(["eval"], EvalCommand.Usage, EvalCommand.RunAsync),
        new(["eval-propensity"], EvalPropensityCommand.Usage, EvalPropensityCommand.RunAsync),
        new(["eval-sentiment"], EvalSentimentCommand.Usage, EvalSentimentCommand.RunAsync),
        new(["eval-forecast"], EvalForecastCommand.Usage, EvalForecastCommand.RunAsync),
        new(["eval-segments"], EvalSegmentsCommand.Usage, EvalSegmentsCommand.RunAsync),
        new(["simulate-offers"], SimulateOffersCommand.Usage, SimulateOffersCommand.RunAsync),
        new(["simulate-experiment"], SimulateExperimentCommand.Usage, SimulateExperimentCommand.RunAsync),
    ];

    public static CliCommand? Named(string name) => All.FirstOrDefault(command => command.Names.Contains(name));

    /// <summary>What <c>pe help</c> prints.</summary>
    public static string Overview => string.Join(Environment.NewLine,
    [
        "pe: the PersonalizationEngine command line. pe help COMMAND (or pe COMMAND --help) shows one command.",
        "",
        .. All.Select(command => command.Usage),
        "",
        "Commands that call the engine take --server URL (default http://127.0.0.1:5000) and --api-key KEY",
        "(or the PE_API_KEY environment variable) when it wants one.",
    ]);
}
