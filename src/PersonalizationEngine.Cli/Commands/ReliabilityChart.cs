using PersonalizationEngine.ML.Evaluation;
using ScottPlot;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>A PNG reliability plot: observed rate against mean predicted probability per bin; perfect calibration is the diagonal.</summary>
public static class ReliabilityChart
{
    public static void Save(string path, string title, IReadOnlyList<(string Name, BinaryMetrics Metrics)> models)
    {
        var plot = new Plot();
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "perfectly calibrated";
        foreach (var (name, metrics) in models)
        {
            var bins = metrics.Calibration;
            var series = plot.Add.Scatter(bins.Select(b => b.MeanPredicted).ToArray(), bins.Select(b => b.Observed).ToArray());
            series.LegendText = $"{name} (AUC {metrics.Auc:0.000}, Brier {metrics.Brier:0.000})";
            series.MarkerSize = 7;
        }
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Title(title);
        plot.XLabel("mean predicted probability");
        plot.YLabel("observed frequency");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 700, 600);
    }
}
