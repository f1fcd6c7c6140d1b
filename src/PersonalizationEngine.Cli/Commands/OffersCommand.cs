using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary><c>pe offers CUSTOMER</c>: the offers PersonalizeOffers picks for a customer now.</summary>
public static class OffersCommand
{
    public const string Usage = "pe offers <customer-id> [--count N] [--channel NAME] [--server URL]";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("count", "channel");
        var request = new PersonalizeOffersRequest
        {
            CustomerId = line.Positional(1, "customer-id"),
            Count = line.IntOption("count", 3, 1, 10_000),
            Channel = line.Option("channel") ?? "",
        };
        using var client = line.Connect();
        var response = await client.Offers.PersonalizeOffersAsync(request);
        var table = new Table().AddColumns("#", "offer", "P(accept)", "expected value", "pick");
        var rank = 1;
        foreach (var offer in response.Offers)
        {
            table.AddRow($"{rank++}", Markup.Escape(offer.OfferId), $"{offer.AcceptanceProbability:P1}", $"{offer.ExpectedValue:F3}", offer.Exploration ? "explore" : "exploit");
        }
        console.Write(table);
        return 0;
    }
}
