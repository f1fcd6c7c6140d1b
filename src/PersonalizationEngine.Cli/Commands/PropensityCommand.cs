using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary><c>pe propensity CUSTOMER [PRODUCT ...]</c>: the customer's churn risk and purchase propensity for the products named.</summary>
public static class PropensityCommand
{
    public const string Usage = "pe propensity <customer-id> [product-id ...] [--server URL]";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly();
        var customerId = line.Positional(1, "customer-id");
        var productIds = line.PositionalFrom(2);
        using var client = line.Connect();
        var churn = await client.Propensity.GetChurnRiskAsync(new ChurnRiskRequest { CustomerId = customerId });
        console.MarkupLine($"{Markup.Escape(customerId)}: churn risk [bold]{churn.Probability:P1}[/] (no purchase within {churn.HorizonDays} days), model {Markup.Escape(churn.ModelVersion)}");
        if (productIds.Count == 0) return 0;
        var request = new PurchasePropensityRequest { CustomerId = customerId };
        request.ProductIds.AddRange(productIds);
        var response = await client.Propensity.GetPurchasePropensityAsync(request);
        var table = new Table().AddColumns("product", $"P(buys within {response.HorizonDays} days)");
        foreach (var p in response.Propensities) table.AddRow(Markup.Escape(p.ProductId), $"{p.Probability:P1}");
        console.Write(table);
        return 0;
    }
}
