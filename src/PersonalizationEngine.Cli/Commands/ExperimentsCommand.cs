using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using PersonalizationEngine.Api.V1;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe experiments</c>: lists experiments with their arms and decision; <c>start</c> and <c>stop</c> one; <c>metrics</c>
/// shows what each model version's lists earned (ExperimentService).
/// </summary>
public static class ExperimentsCommand
{
    public const string Usage = "pe experiments [list | start NAME [--challenger popularity|MODEL_VERSION] [--share 0.5] [--min-items 2000] | stop NAME\n"
        + "    | metrics [--hours 168]] [--server URL]";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("challenger", "share", "min-items", "hours");
        var action = line.PositionalFrom(1).FirstOrDefault() ?? "list";
        using var client = line.Connect();
        switch (action)
        {
            case "list":
                var experiments = (await client.Experiments.ListExperimentsAsync(new ListExperimentsRequest())).Experiments;
                if (experiments.Count == 0) console.WriteLine("No experiment yet: pe experiments start NAME --challenger popularity");
                foreach (var experiment in experiments) Describe(console, experiment);
                return 0;
            case "start":
                var request = new StartExperimentRequest
                {
                    Name = line.Positional(2, "NAME"),
                    TrafficShare = line.DoubleOption("share", 0.5, 0.001, 0.999),
                    MinItemsPerArm = line.IntOption("min-items", 2_000, 1, int.MaxValue),
                };
                var challenger = line.Option("challenger") ?? "popularity";
                if (challenger == "popularity") request.Ranking = RankingConfiguration.Popularity;
                else request.ModelVersion = challenger;
                Describe(console, await client.Experiments.StartExperimentAsync(request));
                return 0;
            case "stop":
                Describe(console, await client.Experiments.StopExperimentAsync(new StopExperimentRequest { Name = line.Positional(2, "NAME") }));
                return 0;
            case "metrics":
                var hours = line.IntOption("hours", 168, 1, 24 * 90);
                var metrics = await client.Experiments.GetOnlineMetricsAsync(new GetOnlineMetricsRequest { From = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(-hours)) });
                var table = Table("model version");
                foreach (var version in metrics.Versions) AddRow(table, version.ModelVersion, version.Metrics);
                console.MarkupLine($"Lists served in the last {hours} hours, per model version:");
                console.Write(table);
                return 0;
            default:
                throw new UsageException($"unknown action '{action}' (list, start, stop or metrics)");
        }
    }

    private static void Describe(IAnsiConsole console, Experiment e)
    {
        var state = e.Running ? "[green]running[/]" : $"stopped {e.StoppedAt.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture)}";
        console.MarkupLine($"[bold]{Markup.Escape(e.Name)}[/]: {Markup.Escape(e.Challenger)} for {e.TrafficShare * 100:0.#}% of customers against the serving model; "
            + $"started {e.StartedAt.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture)}, {state}");
        var table = Table("arm");
        AddRow(table, "control", e.Control.Metrics);
        AddRow(table, "challenger", e.ChallengerArm.Metrics);
        console.Write(table);
        console.MarkupLine($"P(challenger better) {e.ProbabilityChallengerBetter:F4} · {Markup.Escape(e.Decision)} (decides at {e.MinItemsPerArm:N0} items shown per arm)");
        console.WriteLine();
    }

    private static Table Table(string first) =>
        new Table().AddColumns(first, "lists", "items shown", "clicks", "click-through (95% interval)", "carts", "purchases", "conversion", "revenue", "window purchases");

    private static void AddRow(Table table, string name, OnlineMetrics m) => table.AddRow(
        Markup.Escape(name), $"{m.ListsServed:N0}", $"{m.ItemsShown:N0}", $"{m.Clicks:N0}",
        $"{m.ClickThroughRate:P2} ({m.ClickThroughLow:P2}–{m.ClickThroughHigh:P2})", $"{m.AddToCarts:N0}", $"{m.Purchases:N0}",
        $"{m.ConversionRate:P2}", $"{m.AttributedRevenue:N2}", $"{m.WindowPurchases:N0} ({m.WindowRevenue:N2})");
}
