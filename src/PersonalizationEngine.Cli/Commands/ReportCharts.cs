using PersonalizationEngine.Api.V1;
using ScottPlot;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>The report's PNG charts: one model's metrics over its runs, every model's training time and data size, and online click-through.</summary>
public static class ReportCharts
{
    /// <summary>Most metrics one chart shows: the headline ones; the report's table has them all.</summary>
    private const int MaxChartedMetrics = 6;

    /// <summary>
    /// The scores of <paramref name="runs"/> (one model) by training time; published runs filled, the others
    /// hollow. Only metrics within [-1, 1] share the axis (counts such as validation users would flatten them),
    /// the headline ones first (<see cref="RunMetrics"/>).
    /// </summary>
    public static void SaveMetrics(string path, string model, IReadOnlyList<ModelRun> runs)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var names = RunMetrics.HeadlineFirst(runs, values => values.All(v => Math.Abs(v) <= 1))
            .Take(MaxChartedMetrics).ToList();
        for (var m = 0; m < names.Count; m++)
        {
            var measured = runs.Where(r => r.Status.Metrics.ContainsKey(names[m])).ToList();
            var line = plot.Add.Scatter(measured.Select(Time).ToArray(), measured.Select(r => r.Status.Metrics[names[m]]).ToArray(), palette.GetColor(m));
            line.LegendText = names[m];
            var hollow = measured.Where(r => !r.Published).ToList();
            if (hollow.Count == 0) continue;
            var notPublished = plot.Add.ScatterPoints(hollow.Select(Time).ToArray(), hollow.Select(r => r.Status.Metrics[names[m]]).ToArray(), Colors.White);
            notPublished.MarkerSize = 5;
        }
        Finish(plot, $"{model}: validation metrics by run (white dots: not published)", "metric", path);
    }

    /// <summary>Seconds each run trained and events in the log when it started, per model.</summary>
    public static void SaveTraining(string path, IReadOnlyList<ModelRun> runs)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var models = runs.Select(r => r.Status.Model).Distinct().ToList();
        for (var i = 0; i < models.Count; i++)
        {
            var ofModel = runs.Where(r => r.Status.Model == models[i]).ToList();
            var seconds = plot.Add.Scatter(ofModel.Select(Time).ToArray(), ofModel.Select(r => r.Status.TrainingSeconds).ToArray(), palette.GetColor(i));
            seconds.LegendText = $"{models[i]} (s)";
            var events = plot.Add.Scatter(ofModel.Select(Time).ToArray(), ofModel.Select(r => (double)r.Events).ToArray(), palette.GetColor(i));
            events.LinePattern = LinePattern.Dashed;
            events.Axes.YAxis = plot.Axes.Right;
            events.LegendText = $"{models[i]} events";
        }
        plot.Axes.Right.Label.Text = "events in the log (dashed)";
        Finish(plot, "Training time (solid, left) and data size (dashed, right) by run", "seconds", path);
    }

    /// <summary>Click-through per model version and hour (hours in which the version showed items).</summary>
    public static void SaveClickThrough(string path, IReadOnlyList<VersionMetrics> hourly)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var versions = hourly.Select(h => h.ModelVersion).Distinct().ToList();
        for (var i = 0; i < versions.Count; i++)
        {
            var hours = hourly.Where(h => h.ModelVersion == versions[i] && h.Metrics.ItemsShown > 0).ToList();
            var line = plot.Add.Scatter(hours.Select(h => h.Hour.ToDateTime().ToOADate()).ToArray(), hours.Select(h => h.Metrics.ClickThroughRate).ToArray(), palette.GetColor(i));
            line.LegendText = versions[i];
        }
        Finish(plot, "Click-through of served lists by model version and hour", "clicks per item shown", path);
    }

    private static double Time(ModelRun run) => run.Status.TrainedAt.ToDateTime().ToOADate();

    private static void Finish(Plot plot, string title, string yLabel, string path)
    {
        plot.Axes.DateTimeTicksBottom();
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 450);
    }
}
