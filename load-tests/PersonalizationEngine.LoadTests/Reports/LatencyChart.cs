using ScottPlot;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// A PNG of latency by percentile per operation (HdrHistogram's percentile distribution). The x axis is
/// "nines", −log10(1 − p), so p90, p99 and p99.9 are evenly spaced and the tail is visible.
/// </summary>
public static class LatencyChart
{
    public static void Save(string path, LoadReport report)
    {
        var plot = new Plot();
        foreach (var (name, result) in report.Operations)
        {
            var points = result.Distribution();
            if (points.Count == 0) continue;
            var line = plot.Add.ScatterLine(points.Select(p => Nines(p.Percentile)).ToArray(), points.Select(p => p.Ms).ToArray());
            line.LegendText = $"{name} (p99 {result.LatencyMs(99):0.00} ms)";
        }
        double[] ticks = [0, 50, 90, 99, 99.9, 99.99];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.Select(Nines).ToArray(), ticks.Select(t => $"p{t}").ToArray());
        plot.Title($"{report.Scenario}: {report.Load}, {report.Duration.TotalSeconds:0.#} s");
        plot.XLabel("percentile");
        plot.YLabel("latency (ms)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 550);
    }

    private static double Nines(double percentile) => -Math.Log10(Math.Max(1e-6, 1 - percentile / 100));
}
