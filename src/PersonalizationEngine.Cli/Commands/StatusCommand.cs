using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary><c>pe status</c>: the serving models and the event log.</summary>
public static class StatusCommand
{
    public const string Usage = "pe status [--server URL]";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly();
        using var client = line.Connect();
        var status = await client.Admin.GetModelStatusAsync(new GetModelStatusRequest());
        console.MarkupLine($"Events in log: [green]{status.EventsInLog:N0}[/], products in catalog: [green]{status.ProductsInCatalog:N0}[/], last event: {status.LastEventAt?.ToDateTimeOffset():u}, projection lag: {status.ProjectionLag:N0}");
        var table = new Table().AddColumns("model", "version", "algorithm", "metrics");
        foreach (var model in status.Models)
        {
            table.AddRow(model.Model, model.Version, Markup.Escape(model.Algorithm),
                string.Join(", ", model.Metrics.Select(m => $"{m.Key}={m.Value:F4}")));
        }
        console.Write(table);
        return 0;
    }
}
