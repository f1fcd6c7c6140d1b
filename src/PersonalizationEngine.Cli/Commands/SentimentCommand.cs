using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe sentiment TEXT...</c>: each text's label, probability and score from the serving model;
/// <c>pe sentiment --product ID</c>: what the product's reviews say.
/// </summary>
public static class SentimentCommand
{
    public const string Usage = "pe sentiment <text> [text ...] | pe sentiment --product <product-id> [--server URL]";

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("product");
        var texts = line.PositionalFrom(1);
        var productId = line.Option("product");
        if ((productId is null) == (texts.Count == 0)) throw new UsageException("give texts to score or --product, not both");
        using var client = line.Connect();
        if (productId is not null)
        {
            var product = await client.Sentiment.GetProductSentimentAsync(new ProductSentimentRequest { ProductId = productId });
            console.MarkupLine($"{Markup.Escape(productId)}: mean score [bold]{product.MeanScore:+0.00;-0.00}[/], recent trend {product.RecentTrend:+0.00;-0.00} " +
                $"({product.Positive} positive, {product.Neutral} neutral, {product.Negative} negative reviews)");
            return 0;
        }
        var request = new AnalyzeSentimentRequest();
        request.Texts.AddRange(texts);
        var response = await client.Sentiment.AnalyzeSentimentAsync(request);
        var table = new Table().AddColumns("text", "label", "probability", "score");
        for (var i = 0; i < texts.Count; i++)
        {
            var result = response.Results[i];
            table.AddRow(Markup.Escape(texts[i]), result.Label.ToString().ToLowerInvariant(), $"{result.Probability:P1}", $"{result.Score:+0.00;-0.00}");
        }
        console.Write(table);
        console.MarkupLine($"model {Markup.Escape(response.ModelVersion)}");
        return 0;
    }
}
