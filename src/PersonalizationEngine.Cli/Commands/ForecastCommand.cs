using System.Globalization;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary><c>pe forecast PRODUCT | --category C</c>: the served demand forecast, one row per day with its intervals.</summary>
public static class ForecastCommand
{
    public const string Usage = "pe forecast <product-id> | --category <category> [--days 14] [--server URL]";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("category", "days");
        var category = line.Option("category");
        var request = new DemandForecastRequest { HorizonDays = line.IntOption("days", 14, 1, 366), Category = category ?? "" };
        if (category is null) request.ProductId = line.Positional(1, "product-id");
        using var client = line.Connect();
        var response = await client.Forecasts.GetDemandForecastAsync(request);
        console.MarkupLine(Markup.Escape($"{category ?? request.ProductId}: {response.Method}, model {response.ModelVersion}"));
        var table = new Table().AddColumns("day", "units", "80% interval", "95% interval");
        foreach (var p in response.Points)
            table.AddRow($"{p.Date.ToDateTime():yyyy-MM-dd ddd}", F(p.Units), $"{F(p.Lower80)} – {F(p.Upper80)}", $"{F(p.Lower95)} – {F(p.Upper95)}");
        console.Write(table);
        return 0;
    }

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
