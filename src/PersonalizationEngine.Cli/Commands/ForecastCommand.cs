using System.Globalization;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary><c>pe forecast PRODUCT | --category C</c>: the served demand forecast, one row per day (or per hour with --hours) with its intervals.</summary>
public static class ForecastCommand
{
    public const string Usage = "pe forecast <product-id> | --category <category> [--days 14 | --hours 48] [--server URL]";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("category", "days", "hours");
        var category = line.Option("category");
        var hourly = line.Option("hours") is not null;
        if (hourly && line.Option("days") is not null) throw new UsageException("give --days or --hours, not both");
        var request = new DemandForecastRequest { Category = category ?? "" };
        if (hourly)
        {
            request.Granularity = ForecastGranularity.Hour;
            request.HorizonHours = line.IntOption("hours", 48, 1, 8_784);
        }
        else
        {
            request.HorizonDays = line.IntOption("days", 14, 1, 366);
        }
        if (category is null) request.ProductId = line.Positional(1, "product-id");
        using var client = line.Connect();
        var response = await client.Forecasts.GetDemandForecastAsync(request);
        console.MarkupLine(Markup.Escape($"{category ?? request.ProductId}: {response.Method}, model {response.ModelVersion}"));
        var table = new Table().AddColumns(hourly ? "hour (UTC)" : "day", "units", "80% interval", "95% interval");
        foreach (var p in response.Points)
            table.AddRow(p.Date.ToDateTime().ToString(hourly ? "yyyy-MM-dd ddd HH:00" : "yyyy-MM-dd ddd", CultureInfo.InvariantCulture), F(p.Units), $"{F(p.Lower80)} – {F(p.Upper80)}", $"{F(p.Lower95)} – {F(p.Upper95)}");
        console.Write(table);
        return 0;
    }

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
