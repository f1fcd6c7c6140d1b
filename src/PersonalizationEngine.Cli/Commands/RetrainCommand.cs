using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary><c>pe train [MODEL]</c> (or <c>pe retrain</c>): trains a model now and says whether the run was published, with its held-out metrics.</summary>
public static class RetrainCommand
{
    public const string Usage = "pe train [recommendation|propensity|sentiment|forecast|segments] [--server URL]  (also: pe retrain)";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly();
        var model = line.PositionalFrom(1).FirstOrDefault() ?? "recommendation";
        using var client = line.Connect();
        // A run reads the whole log and may take minutes: a spinner with the elapsed time shows it is working.
        var run = await console.Status().StartAsync($"training {Markup.Escape(model)} (reads the whole log, then validates on held-out data)",
            async _ => await client.Admin.RetrainAsync(new RetrainRequest { Model = model }, deadline: DateTime.UtcNow.AddHours(1)));
        console.MarkupLine($"{Markup.Escape(model)} {Markup.Escape(run.Version)}: {(run.Published ? "[green]published[/]" : "[yellow]not published[/]")} ({run.TrainingSeconds:F1} s) {Markup.Escape(run.Note)}");
        var table = new Table().AddColumns("metric", "value");
        foreach (var (name, value) in run.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)) table.AddRow(Markup.Escape(name), $"{value:F4}");
        if (run.Metrics.Count > 0) console.Write(table);
        return run.Published ? 0 : 1;
    }
}
