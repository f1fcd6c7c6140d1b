using Grpc.Core;
using PersonalizationEngine.Cli.Commands;
using Spectre.Console;

var console = AnsiConsole.Console;
var usage = string.Join(Environment.NewLine, ImportCommand.Usage, StatusCommand.Usage, RecommendCommand.Usage, PropensityCommand.Usage, SentimentCommand.Usage, ForecastCommand.Usage, SegmentsCommand.Usage, OffersCommand.Usage, RetrainCommand.Usage, ReportCommand.Usage, LoadTestCommand.Usage, CheckCommand.Usage, EvalCommand.Usage, EvalPropensityCommand.Usage, EvalSentimentCommand.Usage, EvalForecastCommand.Usage, EvalSegmentsCommand.Usage, SimulateOffersCommand.Usage,
    "Commands that call the engine also take --api-key KEY (or the PE_API_KEY environment variable) when it wants one.");
// The load tool parses its own options (some are switches without a value).
if (args.FirstOrDefault() == "load-test") return await LoadTestCommand.RunAsync(args);
try
{
    var line = new CommandLine(args);
    return args.FirstOrDefault() switch
    {
        "import" => await ImportCommand.RunAsync(line, console),
        "status" => await StatusCommand.RunAsync(line, console),
        "recommend" => await RecommendCommand.RunAsync(line, console),
        "propensity" => await PropensityCommand.RunAsync(line, console),
        "sentiment" => await SentimentCommand.RunAsync(line, console),
        "offers" => await OffersCommand.RunAsync(line, console),
        "forecast" => await ForecastCommand.RunAsync(line, console),
        "segments" => await SegmentsCommand.RunAsync(line, console),
        "train" or "retrain" => await RetrainCommand.RunAsync(line, console),
        "report" => await ReportCommand.RunAsync(line, console),
        "check" => await CheckCommand.RunAsync(line, console),
        "eval" => await EvalCommand.RunAsync(line, console),
        "eval-propensity" => await EvalPropensityCommand.RunAsync(line, console),
        "eval-sentiment" => await EvalSentimentCommand.RunAsync(line, console),
        "eval-forecast" => await EvalForecastCommand.RunAsync(line, console),
        "eval-segments" => await EvalSegmentsCommand.RunAsync(line, console),
        "simulate-offers" => await SimulateOffersCommand.RunAsync(line, console),
        null or "help" or "--help" or "-h" => Help(),
        var other => throw new UsageException($"unknown command '{other}'"),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"pe: {ex.Message}");
    Console.Error.WriteLine(usage);
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

int Help()
{
    Console.WriteLine(usage);
    return 0;
}
