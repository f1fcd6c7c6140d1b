using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;
using PersonalizationEngine.ML.Datasets;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe import movielens|retail FILE</c>: sends a public data set to a running engine. Event ids come from
/// the rows, so an interrupted import can simply be run again. Retail cancellations go as returns; the
/// lines sent as nothing are counted and printed.
/// </summary>
public static class ImportCommand
{
    public const string Usage = """
        pe import movielens <u.data|ratings.csv> [--items u.item --genres u.genre] [--server URL]
        pe import retail <online_retail.csv[.gz]> [--server URL]
        """;

    private const int ProductsPerCall = 1_000;

    public static async Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("items", "genres");
        var format = line.Positional(1, "movielens|retail");
        var file = line.ExistingFile(line.Positional(2, "file"), "file");
        var skipped = new RetailSkips();
        var (products, events) = format switch
        {
            "movielens" => (MovieLensProducts(line), MovieLensReader.ReadRatings(file)),
            "retail" => (OnlineRetailReader.ReadProducts(file).ToList(), OnlineRetailReader.ReadSales(file, skipped)),
            _ => throw new UsageException($"unknown format '{format}': use movielens or retail"),
        };
        var total = CountLines(file);

        using var client = line.Connect();
        var result = await Stages.RunAsync(console, async progress =>
            {
                var catalog = progress.Add("catalog", maxValue: Math.Max(1, products.Count));
                foreach (var chunk in products.Chunk(ProductsPerCall))
                {
                    var request = new UpsertProductsRequest();
                    request.Products.AddRange(chunk.Select(DatasetEvents.ToProduct));
                    await client.Catalog.UpsertProductsAsync(request);
                    catalog.Increment(chunk.Length);
                }
                catalog.Value = catalog.MaxValue;
                var sending = progress.Add("events", maxValue: Math.Max(1, total));
                var response = await EventStreamWriter.SendAsync(client.Events, events.Select(DatasetEvents.ToEvent),
                    onCallCompleted: sent => sending.Value = Math.Min(sent, sending.MaxValue));
                sending.Value = sending.MaxValue;
                return response;
            }, new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn());
        console.MarkupLine($"Imported [green]{products.Count:N0}[/] products and [green]{result.Accepted:N0}[/] events ({result.Duplicates:N0} already there).");
        if (skipped.Total > 0)
            console.MarkupLine($"Skipped {skipped.Total:N0} lines: {skipped.Anonymous:N0} without a customer id, {skipped.NotASale:N0} neither a purchase nor a cancellation.");
        return 0;
    }

    private static List<DatasetProduct> MovieLensProducts(CommandLine line)
    {
        var items = line.Option("items");
        var genres = line.Option("genres");
        if (items is null && genres is null) return [];
        if (items is null || genres is null) throw new UsageException("--items and --genres go together");
        return MovieLensReader.ReadItems(line.ExistingFile(items, "--items"), line.ExistingFile(genres, "--genres")).ToList();
    }

    /// <summary>An estimate for the progress bar: lines in the file (compressed files are counted after decompression).</summary>
    private static long CountLines(string file)
    {
        using var reader = DatasetFile.OpenText(file);
        long lines = 0;
        while (reader.ReadLine() is not null) lines++;
        return lines;
    }
}
