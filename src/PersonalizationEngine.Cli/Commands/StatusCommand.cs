using System.Globalization;
using PersonalizationEngine.Api.V1;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary><c>pe status</c>: the event log, the projection, and every model with one line per metric.</summary>
public static class StatusCommand
{
    public const string Usage = "pe status [--server URL]";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly();
        using var client = line.Connect();
        var status = await client.Admin.GetModelStatusAsync(new GetModelStatusRequest());
        console.MarkupLine($"Events in log:        [green]{status.EventsInLog:N0}[/]");
        console.MarkupLine($"Products in catalog:  [green]{status.ProductsInCatalog:N0}[/]");
        console.MarkupLine($"Last event:           {(status.LastEventAt is { } at ? at.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) : "none")}");
        console.MarkupLine($"Projection lag:       {status.ProjectionLag:N0} records{(status.ProjectionLag == 0 ? " (the grains are caught up)" : "")}");
        console.MarkupLine($"Reviews to score:     {status.ReviewsAwaitingScore:N0}");
        foreach (var model in status.Models)
        {
            console.WriteLine();
            var trained = model.TrainedAt is { } when
                ? $" (trained {when.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} in {model.TrainingSeconds:F1} s)"
                : "";
            console.MarkupLine($"[bold]{Markup.Escape(model.Model)}[/]  {Markup.Escape(model.Version)}{trained}");
            console.MarkupLine($"  {Markup.Escape(model.Algorithm)}");
            var width = model.Metrics.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
            foreach (var (name, value) in model.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                console.MarkupLine($"  {Markup.Escape(name.PadRight(width))}  {Format(value)}");
        }
        return 0;
    }

    /// <summary>Counts as whole numbers, scores to three decimals.</summary>
    public static string Format(double value) =>
        Math.Abs(value) >= 1 && value == Math.Floor(value)
            ? value.ToString("N0", CultureInfo.InvariantCulture)
            : value.ToString("0.000", CultureInfo.InvariantCulture);
}
