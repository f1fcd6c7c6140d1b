using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Cli.Commands;
using PersonalizationEngine.Testing;
using PersonalizationEngine.Client;
using PersonalizationEngine.ML.Synthetic;
using Spectre.Console;
using EngineApplication = PersonalizationEngine.Server.Hosting.EngineApplication;

namespace PersonalizationEngine.Cli.Tests;

/// <summary>pe commands against the real engine on free loopback ports.</summary>
public sealed class CommandsAgainstEngineTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pe-cli-").FullName;
    private readonly int _grpcPort = FreePort.Next();
    private Microsoft.AspNetCore.Builder.WebApplication _engine = null!;

    private string Server => $"http://127.0.0.1:{_grpcPort}";

    public async Task InitializeAsync()
    {
        _engine = EngineApplication.Create([
            $"--Engine:DataFolder={Path.Combine(_folder, "data")}", $"--Engine:GrpcPort={_grpcPort}",
            $"--Engine:DashboardPort={FreePort.Next()}", $"--Engine:SiloPort={FreePort.Next()}", $"--Engine:GatewayPort={FreePort.Next()}",
            "--Engine:DemoOnFirstStart=false", "--Logging:LogLevel:Default=Warning", "--Engine:Sentiment:CorpusPaths:0=reviews.txt"]);
        SyntheticReviews.WriteCorpus(Path.Combine(_folder, "data", "reviews.txt"), SyntheticReviews.Corpus(600, seed: 4));
        await _engine.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _engine.StopAsync();
        await _engine.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }


    private async Task<string[]> WriteMovieLensAsync()
    {
        var ratings = Path.Combine(_folder, "u.data");
        await File.WriteAllLinesAsync(ratings, Enumerable.Range(0, 300).Select(i => $"{i % 30}\t{i % 12}\t{1 + i % 5}\t{880000000 + i * 60}"));
        var genres = Path.Combine(_folder, "u.genre");
        await File.WriteAllTextAsync(genres, "unknown|0\nAction|1\nComedy|2\n");
        var items = Path.Combine(_folder, "u.item");
        await File.WriteAllLinesAsync(items, Enumerable.Range(0, 12).Select(i => $"{i}|Movie {i}|01-Jan-1995||http://x|0|{i % 2}|{(i + 1) % 2}"));
        return ["import", "movielens", ratings, "--items", items, "--genres", genres, "--server", Server];
    }

    [Fact]
    public async Task Imports_movielens_ratings_with_their_catalog_and_is_idempotent()
    {
        var args = await WriteMovieLensAsync();

        Assert.Equal(0, await ImportCommand.RunAsync(new CommandLine(args), Consoles.Quiet()));
        Assert.Equal(0, await ImportCommand.RunAsync(new CommandLine(args), Consoles.Quiet()));

        using var client = new PersonalizationClient(Server);
        var status = await client.Admin.GetModelStatusAsync(new GetModelStatusRequest());
        Assert.Equal((300, 12), (status.EventsInLog, status.ProductsInCatalog));
        var movie = await client.Catalog.GetProductAsync(new GetProductRequest { ProductId = "3" });
        Assert.Equal(("Movie 3", "Action"), (movie.Product.Title, movie.Product.Category));
    }

    [Fact]
    public async Task Imports_online_retail_invoices_as_purchases_and_cancellations_as_returns_and_says_what_it_skipped()
    {
        var csv = Path.Combine(_folder, "retail.csv");
        await File.WriteAllTextAsync(csv, """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom
            536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom
            C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom
            536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom
            536415,22140,damaged,-3,2010-12-01 11:53:00,0,17850,United Kingdom
            """);
        var output = new StringWriter();

        Assert.Equal(0, await ImportCommand.RunAsync(new CommandLine(["import", "retail", csv, "--server", Server]), Consoles.Recording(output)));

        using var client = new PersonalizationClient(Server);
        var status = await client.Admin.GetModelStatusAsync(new GetModelStatusRequest());
        Assert.Equal(3, status.EventsInLog); // two purchases and the cancellation, as a return
        var printed = string.Join(' ', output.ToString().Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries)); // as one line, however wrapped
        Assert.Contains("Skipped 2 lines: 1 without a customer id, 1 neither a purchase nor a cancellation", printed);
    }

    [Fact]
    public async Task Check_sees_a_new_customers_views_change_their_recommendations()
    {
        Assert.Equal(0, await ImportCommand.RunAsync(new CommandLine(await WriteMovieLensAsync()), Consoles.Quiet()));
        var output = new StringWriter();
        var console = Consoles.Recording(output);

        var exitCode = await CheckCommand.RunAsync(new CommandLine(["check", "--within", "10", "--server", Server]), console);

        Assert.Equal(0, exitCode);
        Assert.Contains("SERVING", output.ToString());
        Assert.Contains("recommendations changed after", output.ToString());
    }

    [Fact]
    public async Task Check_on_an_empty_engine_says_to_load_data_first()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => CheckCommand.RunAsync(new CommandLine(["check", "--server", Server]), Consoles.Quiet()));

        Assert.Contains("load data first", error.Message);
    }


    [Fact]
    public async Task Sentiment_scores_texts_and_reads_a_products_reviews_once_retrain_published_a_model()
    {
        var output = new StringWriter();
        var console = Consoles.Recording(output);

        Assert.Equal(0, await RetrainCommand.RunAsync(new CommandLine(["retrain", "sentiment", "--server", Server]), Consoles.Quiet()));
        Assert.Equal(0, await SentimentCommand.RunAsync(new CommandLine(["sentiment", "The fit is perfect!", "Awful quality.", "--server", Server]), console));
        Assert.Equal(0, await SentimentCommand.RunAsync(new CommandLine(["sentiment", "--product", "never-reviewed", "--server", Server]), console));

        var printed = output.ToString();
        Assert.Contains("positive", printed);
        Assert.Contains("negative", printed);
        Assert.Contains("sentiment-v1", printed);
        Assert.Contains("never-reviewed: mean score", printed);
        await Assert.ThrowsAsync<UsageException>(() => SentimentCommand.RunAsync(new CommandLine(["sentiment", "--server", Server]), Consoles.Quiet()));
    }

    [Fact]
    public async Task Imported_retail_units_are_forecast_and_its_customers_segmented()
    {
        var output = new StringWriter();
        var console = Consoles.Recording(output);
        var file = Path.Combine(_folder, "retail.csv");
        var lines = new List<string> { "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country" };
        var start = new DateTime(2011, 1, 3);
        for (var day = 0; day < 70; day++)
            for (var c = 0; c < 6; c++) lines.Add($"{day}-{c},P{c % 2},item,{(c < 3 ? 12 : 2)},{start.AddDays(day):yyyy-MM-dd} 10:00:00,2.5,{12000 + (c < 3 ? c : c + 10 * day)},United Kingdom");
        await File.WriteAllLinesAsync(file, lines);

        Assert.Equal(0, await ImportCommand.RunAsync(new CommandLine(["import", "retail", file, "--server", Server]), Consoles.Quiet()));
        Assert.Equal(0, await RetrainCommand.RunAsync(new CommandLine(["retrain", "forecast", "--server", Server]), console));
        Assert.Equal(0, await ForecastCommand.RunAsync(new CommandLine(["forecast", "P0", "--days", "7", "--server", Server]), console));
        Assert.Equal(0, await ForecastCommand.RunAsync(new CommandLine(["forecast", "P0", "--hours", "3", "--server", Server]), console));
        Assert.Equal(0, await RetrainCommand.RunAsync(new CommandLine(["retrain", "segments", "--server", Server]), console));
        Assert.Equal(0, await SegmentsCommand.RunAsync(new CommandLine(["segments", "--server", Server]), console));
        Assert.Equal(0, await SegmentsCommand.RunAsync(new CommandLine(["segments", "12000", "--server", Server]), console));

        var printed = output.ToString();
        Assert.Contains("forecast forecast-v", printed);
        Assert.Contains("2011-03-14", printed); // the day after the imported history
        Assert.Contains("2011-03-14 Mon 02:00", printed); // its third hour
        Assert.Contains("segments segments-v", printed);
        Assert.Contains("12000: ", printed);
        await Assert.ThrowsAsync<UsageException>(() => ForecastCommand.RunAsync(new CommandLine(["forecast", "P0", "--days", "0", "--server", Server]), Consoles.Quiet()));
        await Assert.ThrowsAsync<UsageException>(() => ForecastCommand.RunAsync(new CommandLine(["forecast", "P0", "--days", "2", "--hours", "2", "--server", Server]), Consoles.Quiet()));
    }

    [Fact]
    public async Task Report_charts_every_recorded_run_and_writes_the_page()
    {
        Assert.Equal(0, await ImportCommand.RunAsync(new CommandLine(await WriteMovieLensAsync()), Consoles.Quiet()));
        Assert.Equal(0, await RetrainCommand.RunAsync(new CommandLine(["train", "recommendation", "--server", Server]), Consoles.Quiet()));
        Assert.Equal(0, await RetrainCommand.RunAsync(new CommandLine(["train", "sentiment", "--server", Server]), Consoles.Quiet()));
        // A served list and a click that names it: the online section charts them.
        using var client = new PersonalizationClient(Server);
        var list = await client.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "0", Count = 3 });
        await client.Events.TrackAsync(new TrackRequest { Events = { new Event { EventId = "report-click", CustomerId = "0", ProductId = list.Items[0].ProductId, Type = EventType.Click, RecommendationId = list.RecommendationId } } });
        await Eventually.MatchAsync(() => client.Experiments.GetOnlineMetricsAsync(new GetOnlineMetricsRequest()).ResponseAsync, m => m.Versions.Any(v => v.Metrics.Clicks == 1));
        var folder = Path.Combine(_folder, "report");
        var output = new StringWriter();

        var exitCode = await ReportCommand.RunAsync(new CommandLine(["report", "--out", folder, "--server", Server]), Consoles.Recording(output));

        Assert.Equal(0, exitCode);
        Assert.Contains("als-v1", output.ToString());
        var page = await File.ReadAllTextAsync(Path.Combine(folder, "report.html"));
        Assert.Contains("als-v1", page);
        Assert.Contains("sentiment-v1", page);
        Assert.Contains("ndcg@10", page);
        Assert.Contains(">300<", page); // the run's log size: the 300 imported ratings
        Assert.Contains("What recommendations earned", page);
        Assert.Contains($"<td>{list.ModelVersion}</td><td>1</td><td>3</td><td>1</td>", page);
        foreach (var chart in new[] { "recommendation-metrics.png", "sentiment-metrics.png", "training.png", "click-through.png" })
        {
            Assert.Contains($"src=\"{chart}\"", page);
            var png = await File.ReadAllBytesAsync(Path.Combine(folder, chart));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        }
    }

    [Fact]
    public async Task Experiments_start_list_show_metrics_and_stop_and_the_simulation_runs_one_per_seed()
    {
        Assert.Equal(0, await ImportCommand.RunAsync(new CommandLine(await WriteMovieLensAsync()), Consoles.Quiet()));
        using var client = new PersonalizationClient(Server);
        await client.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "0", Count = 3 });
        var output = new StringWriter();
        var console = Consoles.Recording(output);

        Assert.Equal(0, await ExperimentsCommand.RunAsync(new CommandLine(["experiments", "start", "cli-test", "--challenger", "popularity", "--share", "0.3", "--server", Server]), console));
        Assert.Equal(0, await ExperimentsCommand.RunAsync(new CommandLine(["experiments", "--server", Server]), console));
        Assert.Equal(0, await ExperimentsCommand.RunAsync(new CommandLine(["experiments", "stop", "cli-test", "--server", Server]), console));
        await Eventually.MatchAsync(() => client.Experiments.GetOnlineMetricsAsync(new GetOnlineMetricsRequest()).ResponseAsync, m => m.Versions.Count > 0);
        Assert.Equal(0, await ExperimentsCommand.RunAsync(new CommandLine(["experiments", "metrics", "--server", Server]), console));
        Assert.Equal(0, await SimulateExperimentCommand.RunAsync(new CommandLine(["simulate-experiment", "--seeds", "2", "--visits", "20", "--workers", "2", "--server", Server]), console));

        var text = output.ToString();
        Assert.Contains("cli-test", text);
        Assert.Contains("popularity for 30% of customers", text);
        Assert.Contains("Lists served in the last 168 hours", text);
        Assert.Contains("named better in", text);
        Assert.Equal(3, (await client.Experiments.ListExperimentsAsync(new ListExperimentsRequest())).Experiments.Count);
        await Assert.ThrowsAsync<UsageException>(() => ExperimentsCommand.RunAsync(new CommandLine(["experiments", "pause", "--server", Server]), Consoles.Quiet()));
    }

    [Fact]
    public async Task Report_of_an_unknown_model_is_the_engines_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() =>
            ReportCommand.RunAsync(new CommandLine(["report", "--model", "horoscope", "--out", Path.Combine(_folder, "r"), "--server", Server]), Consoles.Quiet()));

        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("model", error.Status.Detail);
    }
}
