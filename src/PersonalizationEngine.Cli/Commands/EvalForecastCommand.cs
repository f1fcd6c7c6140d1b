using System.Globalization;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Forecasting;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe eval-forecast</c>: forecasting methods scored with the M4 competition's sMAPE and MASE and the
/// coverage of the 80% and 95% intervals. <c>m4</c>: M4-format train and test files (the horizon is the
/// test file's length per series). <c>retail</c>: the best-selling products' daily units in the Online
/// Retail CSV, the last <c>--horizon</c> days held out (a time split; MASE's period defaults to 7 there). <c>--on validation</c> leaves the test file's values out and scores the
/// last horizon of each training series instead: choices are made there, never on the test values. Runs locally.
/// </summary>
public static class EvalForecastCommand
{
    public const string Usage = """
        pe eval-forecast m4 <train-file> <test-file> | retail <file> [--top 200] [--horizon 28]
            [--methods naive,snaive7,ses,holt,damped,ets,ets52,comb,ets7,ets7+yearly,tsb,auto7,global,global+ets,auto7+global] [--seasonality 1 (m4) | 7 (retail)] [--on test|validation]
            [--window 52] [--windows-per-series 150] [--trees 300] [--leaves 31] [--global-log on|off] [--calendar 0 (m4) | 7 (retail)] [--steps-per-window 0 (a model per step)] [--json results.json]
        """;

    public static Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("methods", "seasonality", "on", "window", "windows-per-series", "trees", "leaves", "global-log", "calendar", "steps-per-window", "top", "horizon", "json");
        var format = line.Positional(1, "m4|retail");
        if (format is not ("m4" or "retail")) throw new UsageException($"format: expected m4 or retail, got '{format}'");
        var methods = (line.Option("methods") ?? string.Join(",", ForecastMethods.All)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = methods.Where(m => !ForecastMethods.All.Contains(m)).ToArray();
        if (unknown.Length > 0) throw new UsageException($"methods: unknown {string.Join(", ", unknown)} (known: {string.Join(", ", ForecastMethods.All)})");
        var seasonality = line.IntOption("seasonality", format == "retail" ? 7 : 1, 1, 366);

        var defaults = new GlobalWindowOptions();
        var global = defaults with
        {
            Window = line.IntOption("window", defaults.Window, 2, 1_000),
            WindowsPerSeries = line.IntOption("windows-per-series", defaults.WindowsPerSeries, 1, 100_000),
            Trees = line.IntOption("trees", defaults.Trees, 1, 10_000),
            Leaves = line.IntOption("leaves", defaults.Leaves, 2, 1_024),
            LogScale = line.OnOffOption("global-log", false),
            CalendarPeriod = line.IntOption("calendar", 0, 0, 366),
            StepsPerWindow = line.IntOption("steps-per-window", 0, 0, 366),
        };
        var on = line.Option("on") ?? "test";
        if (on is not ("test" or "validation")) throw new UsageException($"on: expected test or validation, got '{on}'");

        var (train, test, files) = format == "m4" ? ReadM4(line) : ReadRetail(line);
        if (on == "validation") (train, test) = HoldOutLast(train, test);
        console.MarkupLine(Markup.Escape($"{train.Count:N0} series, {train.Sum(s => s.Values.Length):N0} training values, horizon {test.Values.First().Length}, MASE period {seasonality}, scored on {on}"));

        var results = new List<ForecastEvaluation>();
        Stages.Run(console, stages =>
        {
            foreach (var method in methods)
            {
                var stage = stages.Add(method, maxValue: 1);
                results.Add(ForecastEvaluation.Run(method, train, test, seasonality, global, new SynchronousProgress<double>(p => stage.Value = p)));
                stage.Finish();
            }
        });

        var table = new Table().AddColumns("method", "sMAPE", "MASE", "80% interval coverage", "95% interval coverage", "seconds");
        foreach (var r in results)
        {
            table.AddRow(r.Method, F(r.Smape, "F3"), F(r.Mase, "F3") + (r.SeriesWithoutMase > 0 ? $" ({r.SeriesWithoutMase} series without)" : ""),
                F(r.Coverage80, "P1"), F(r.Coverage95, "P1"), F(r.Seconds, "F1"));
        }
        console.Write(table);
        if (line.Option("json") is { } json)
        {
            JsonReport.Write(json, new { format, files, on, seasonality, global, results }, console);
        }
        return Task.FromResult(0);
    }

    private static (IReadOnlyList<M4Series>, Dictionary<string, double[]>, string[]) ReadM4(CommandLine line)
    {
        var trainFile = line.ExistingFile(line.Positional(2, "train-file"), "train-file");
        var testFile = line.ExistingFile(line.Positional(3, "test-file"), "test-file");
        var test = M4Reader.Read(testFile).ToDictionary(s => s.Id, s => s.Values, StringComparer.Ordinal);
        return (M4Reader.Read(trainFile), test, [Path.GetFileName(trainFile), Path.GetFileName(testFile)]);
    }

    /// <summary>The top sellers' daily units; the last <c>--horizon</c> days of each are the test.</summary>
    private static (IReadOnlyList<M4Series>, Dictionary<string, double[]>, string[]) ReadRetail(CommandLine line)
    {
        var file = line.ExistingFile(line.Positional(2, "file"), "file");
        var top = line.IntOption("top", 200, 1, 100_000);
        var horizon = line.IntOption("horizon", 28, 1, 366);
        var series = DailyDemand.TopSellers(OnlineRetailReader.ReadDailyUnits(file), top);
        var test = series.ToDictionary(s => s.Id, s => new double[horizon], StringComparer.Ordinal);
        var (train, heldOut) = HoldOutLast(series, test);
        return (train, heldOut, [Path.GetFileName(file)]);
    }

    /// <summary>Each training series without its last horizon (the test horizon of that series), and those values as the test.</summary>
    private static (IReadOnlyList<M4Series> Train, Dictionary<string, double[]> Test) HoldOutLast(IReadOnlyList<M4Series> train, Dictionary<string, double[]> test)
    {
        var shortened = new List<M4Series>(train.Count);
        var heldOut = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var series in train)
        {
            var horizon = test.TryGetValue(series.Id, out var values) ? values.Length : throw new InvalidDataException($"no test values for series {series.Id}");
            if (series.Values.Length <= horizon + 2) throw new InvalidDataException($"series {series.Id} is too short to hold out {horizon} values");
            shortened.Add(series with { Values = series.Values[..^horizon] });
            heldOut[series.Id] = series.Values[^horizon..];
        }
        return (shortened, heldOut);
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
