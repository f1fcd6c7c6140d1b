using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary><c>pe recommend CUSTOMER</c>: a customer's recommendations with scores and reasons.</summary>
public static class RecommendCommand
{
    public const string Usage = "pe recommend <customer-id> [--count N] [--server URL]";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("count");
        var request = new RecommendRequest { CustomerId = line.Positional(1, "customer-id"), Count = line.IntOption("count", 10, 1, 10_000) };
        using var client = line.Connect();
        var response = await client.Recommendations.RecommendAsync(request);
        var table = new Table().AddColumns("#", "product", "category", "score", "reason");
        var rank = 1;
        foreach (var item in response.Items)
        {
            table.AddRow($"{rank++}", Markup.Escape(item.ProductId), Markup.Escape(item.Category), $"{item.Score:F3}", Markup.Escape(item.Reason));
        }
        console.Write(table);
        console.MarkupLine($"model {Markup.Escape(response.ModelVersion)}");
        return 0;
    }
}
