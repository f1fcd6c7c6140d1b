using System.Globalization;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary><c>pe segments [CUSTOMER ...]</c>: every segment with its size, or the named customers' segments.</summary>
public static class SegmentsCommand
{
    public const string Usage = "pe segments [customer-id ...] [--server URL]";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly();
        using var client = line.Connect();
        var customers = line.PositionalFrom(1);
        if (customers.Count == 0)
        {
            var all = await client.Segments.ListSegmentsAsync(new ListSegmentsRequest());
            var table = new Table().AddColumns("segment id", "description", "customers");
            foreach (var s in all.Segments) table.AddRow(Markup.Escape(s.SegmentId), Markup.Escape(s.Description), s.Size.ToString("N0", CultureInfo.InvariantCulture));
            console.MarkupLine(Markup.Escape($"model {all.ModelVersion}"));
            console.Write(table);
            return 0;
        }
        foreach (var customer in customers)
        {
            var response = await client.Segments.GetCustomerSegmentAsync(new CustomerSegmentRequest { CustomerId = customer });
            console.MarkupLine(Markup.Escape($"{customer}: {response.Segment.Description} ({response.Segment.SegmentId}), model {response.ModelVersion}"));
        }
        return 0;
    }
}
