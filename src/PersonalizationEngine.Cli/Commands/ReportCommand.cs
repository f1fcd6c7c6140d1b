using PersonalizationEngine.Api.V1;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe report</c>: every model's recorded training runs (ModelAdminService.ListModelRuns), the engine's data and
/// what the last week's recommendation lists earned, as tables here and as report.html with charts of each model's
/// metrics over time and of click-through by model version.
/// </summary>
public static class ReportCommand
{
    public const string Usage = "pe report [--model NAME] [--out FOLDER (default: report)] [--server URL]";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("model", "out");
        var folder = Path.GetFullPath(line.Option("out") ?? "report");
        using var client = line.Connect();
        var status = await client.Admin.GetModelStatusAsync(new GetModelStatusRequest());
        var runs = (await client.Admin.ListModelRunsAsync(new ListModelRunsRequest { Model = line.Option("model") ?? "" })).Runs.ToList();

        Directory.CreateDirectory(folder);
        var metricCharts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in runs.GroupBy(r => r.Status.Model))
        {
            console.Write(RunTable(group.Key, [.. group]));
            metricCharts[group.Key] = $"{group.Key}-metrics.png";
            ReportCharts.SaveMetrics(Path.Combine(folder, metricCharts[group.Key]), group.Key, [.. group]);
        }
        const string trainingChart = "training.png";
        if (runs.Count > 0) ReportCharts.SaveTraining(Path.Combine(folder, trainingChart), runs);
        else console.MarkupLine("[yellow]No training run is recorded yet[/] (pe train MODEL trains one now).");
        var online = await client.Experiments.GetOnlineMetricsAsync(new GetOnlineMetricsRequest { Hourly = true });
        const string clickThroughChart = "click-through.png";
        if (online.Hourly.Count > 0) ReportCharts.SaveClickThrough(Path.Combine(folder, clickThroughChart), online.Hourly);
        var page = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(page, ReportPage.Html(status, runs, metricCharts, trainingChart, online, clickThroughChart, DateTimeOffset.UtcNow));
        console.MarkupLine($"Events in log: [green]{status.EventsInLog:N0}[/], products: [green]{status.ProductsInCatalog:N0}[/]. Report: [link]{Markup.Escape(page)}[/]");
        return 0;
    }

    private static Table RunTable(string model, IReadOnlyList<ModelRun> runs)
    {
        var metrics = RunMetrics.HeadlineFirst(runs).Take(3).ToList();
        var table = new Table().Title(Markup.Escape(model)).AddColumns("version", "trained at", "events", "seconds", "published");
        foreach (var metric in metrics) table.AddColumn(Markup.Escape(metric));
        foreach (var run in runs)
        {
            var cells = new List<string> { Markup.Escape(run.Status.Version), $"{run.Status.TrainedAt.ToDateTimeOffset():yyyy-MM-dd HH:mm}", $"{run.Events:N0}", $"{run.Status.TrainingSeconds:F1}", run.Published ? "[green]yes[/]" : "[yellow]no[/]" };
            cells.AddRange(metrics.Select(m => run.Status.Metrics.TryGetValue(m, out var v) ? $"{v:F4}" : ""));
            table.AddRow([.. cells]);
        }
        return table;
    }
}
