using System.Globalization;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Forecasting;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe eval-forecast</c>: forecasting methods scored with the M4 competition's sMAPE and MASE and the
/// coverage of the 80% and 95% intervals. <c>m4</c>: M4-format train and test files of any frequency (the
/// horizon is the test file's length per series; the frequency from the series ids' letter, H, D, W, M, Q or Y,
/// or <c>--frequency</c>). <c>retail</c>: the best-selling products' daily units in the Online Retail CSV, or
/// with <c>--frequency hourly</c> the whole shop's and the best sellers' hourly units, the last <c>--horizon</c>
/// steps held out (a time split). The seasonal methods take the frequency's periods (hourly 24 and 168, daily 7,
/// weekly 52, monthly 12, quarterly 4), <c>--periods</c>, or with <c>--periods detect</c> each series' own
/// (<see cref="Seasonality.Detect"/>). MASE's period defaults to M4's (24 hourly, 12 monthly, 4 quarterly,
/// otherwise 1; 7 for daily retail). <c>--on validation</c> leaves the test file's values out and scores the
/// last horizon of each training series instead: choices are made there, never on the test values. Runs locally.
/// </summary>
public static class EvalForecastCommand
{
    public const string Usage = """
        pe eval-forecast m4 <train-file> <test-file> | retail <file> [--top 200 (daily) | 5 (hourly)] [--horizon 28 (daily) | 336 (hourly)]
            [--frequency hourly|daily|weekly|monthly|quarterly|yearly] [--periods 24,168|detect]
            [--methods naive,snaive,ses,holt,damped,ets,comb,hw,hw+yearly,theta,otm,hw+theta,mstl,tsb,auto,global,global+ets,auto+global] [--seasonality (MASE period)] [--on test|validation]
            [--window 52] [--windows-per-series 150] [--trees 300] [--leaves 31] [--global-log on|off] [--calendar 0 (m4) | 7 (retail)] [--steps-per-window 0 (a model per step)] [--json results.json]
        """;

    public static Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("methods", "seasonality", "frequency", "periods", "on", "window", "windows-per-series", "trees", "leaves", "global-log", "calendar", "steps-per-window", "top", "horizon", "json");
        var format = line.Positional(1, "m4|retail");
        if (format is not ("m4" or "retail")) throw new UsageException($"format: expected m4 or retail, got '{format}'");
        var methods = (line.Option("methods") ?? string.Join(",", ForecastMethods.All)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = methods.Where(m => !ForecastMethods.All.Contains(m)).ToArray();
        if (unknown.Length > 0) throw new UsageException($"methods: unknown {string.Join(", ", unknown)} (known: {string.Join(", ", ForecastMethods.All)})");

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

        var (train, test, files, frequency) = format == "m4" ? ReadM4(line) : ReadRetail(line);
        if (on == "validation") (train, test) = HoldOutLast(train, test);
        var seasonality = line.IntOption("seasonality", MasePeriod(format, frequency), 1, 10_000);
        var seasons = SeasonsOf(line, train, frequency);
        console.MarkupLine(Markup.Escape($"{train.Count:N0} {frequency} series, {train.Sum(s => s.Values.Length):N0} training values, horizon {test.Values.First().Length}, " +
            $"periods {Describe(seasons)}, MASE period {seasonality}, scored on {on}"));

        var results = new List<ForecastEvaluation>();
        Stages.Run(console, stages =>
        {
            foreach (var method in methods)
            {
                var stage = stages.Add(method, maxValue: 1);
                results.Add(ForecastEvaluation.Run(method, train, test, seasons, seasonality, global, new SynchronousProgress<double>(p => stage.Value = p)));
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
            JsonReport.Write(json, new { format, files, frequency, periods = Describe(seasons), on, seasonality, global, results }, console);
        }
        return Task.FromResult(0);
    }

    private static (IReadOnlyList<M4Series>, Dictionary<string, double[]>, string[], string) ReadM4(CommandLine line)
    {
        var trainFile = line.ExistingFile(line.Positional(2, "train-file"), "train-file");
        var testFile = line.ExistingFile(line.Positional(3, "test-file"), "test-file");
        var test = M4Reader.Read(testFile).ToDictionary(s => s.Id, s => s.Values, StringComparer.Ordinal);
        var train = M4Reader.Read(trainFile);
        var frequency = line.Option("frequency") ?? M4Reader.FrequencyOf(train, trainFile)
            ?? throw new UsageException($"frequency: the series ids and the file name of {Path.GetFileName(trainFile)} do not say it; give --frequency");
        return (train, test, [Path.GetFileName(trainFile), Path.GetFileName(testFile)], KnownFrequency(frequency));
    }

    /// <summary>The top sellers' daily (or hourly, with the whole shop's first) units; the last <c>--horizon</c> steps of each are the test.</summary>
    private static (IReadOnlyList<M4Series>, Dictionary<string, double[]>, string[], string) ReadRetail(CommandLine line)
    {
        var file = line.ExistingFile(line.Positional(2, "file"), "file");
        var frequency = KnownFrequency(line.Option("frequency") ?? "daily");
        if (frequency is not ("daily" or "hourly")) throw new UsageException($"frequency: retail series are daily or hourly, not {frequency}");
        var hourly = frequency == "hourly";
        var top = line.IntOption("top", hourly ? 5 : 200, hourly ? 0 : 1, 100_000);
        var horizon = line.IntOption("horizon", hourly ? 14 * 24 : 28, 1, 10_000);
        var units = OnlineRetailReader.ReadUnits(file, hourly ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1));
        var series = DemandSeries.TopSellers(units, top);
        if (hourly && DemandSeries.Total(units) is { } shop) series = [shop, .. series];
        var test = series.ToDictionary(s => s.Id, s => new double[horizon], StringComparer.Ordinal);
        var (train, heldOut) = HoldOutLast(series, test);
        return (train, heldOut, [Path.GetFileName(file)], frequency);
    }

    private static string KnownFrequency(string frequency) => Seasonality.FrequencyName(frequency)
        ?? throw new UsageException($"frequency: expected hourly, daily, weekly, monthly, quarterly or yearly, got '{frequency}'");

    /// <summary>MASE's period as M4 scores each frequency (daily retail: the week).</summary>
    private static int MasePeriod(string format, string frequency) => frequency switch
    {
        "hourly" => 24,
        "monthly" => 12,
        "quarterly" => 4,
        "daily" when format == "retail" => 7,
        _ => 1,
    };

    /// <summary>Each series' seasons: the frequency's, the <c>--periods</c> given, or detected per series among the frequency's (<c>detect</c>).</summary>
    private static Seasonality[] SeasonsOf(CommandLine line, IReadOnlyList<M4Series> train, string frequency)
    {
        var ofFrequency = Seasonality.ForFrequency(frequency)!;
        var periods = line.Option("periods");
        if (periods is null) return train.Select(_ => ofFrequency).ToArray();
        if (periods == "detect")
        {
            var candidates = ofFrequency.Periods.Count > 0 ? ofFrequency.Periods : [4, 7, 12, 24, 52];
            return train.Select(s => Seasonality.Detect(s.Values, candidates) with { YearOfDays = ofFrequency.YearOfDays }).ToArray();
        }
        var given = periods.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var m) && m >= 2 ? m : throw new UsageException($"periods: expected whole numbers of 2 or more, or detect, got '{p}'"))
            .Order().ToArray();
        return train.Select(_ => new Seasonality(given, ofFrequency.YearOfDays)).ToArray();
    }

    /// <summary>The periods in words: one set, or how many series were found with each.</summary>
    private static string Describe(IReadOnlyList<Seasonality> seasons) =>
        string.Join("; ", seasons.GroupBy(s => s.Periods.Count == 0 ? "none" : string.Join('+', s.Periods))
            .OrderByDescending(g => g.Count()).Select(g => seasons.Count == g.Count() ? g.Key : $"{g.Key} ({g.Count()} series)"));

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
