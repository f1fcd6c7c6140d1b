using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Segmentation;
using ScottPlot;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>A PNG of the segments: customers by days since their last purchase and revenue (log scale), one colour per segment.</summary>
public static class SegmentChart
{
    private const int MaxCustomers = 4_000;

    public static void Save(string path, SegmentModel model, IReadOnlyList<CustomerActivity> customers, DateTimeOffset now)
    {
        var plot = new Plot();
        var shown = customers.Count <= MaxCustomers ? customers : customers.Where((_, i) => i % (customers.Count / MaxCustomers + 1) == 0).ToList();
        foreach (var group in shown.GroupBy(c => model.SegmentOf(c, now)).OrderByDescending(g => g.Count()))
        {
            var xs = group.Select(c => c.LastPurchaseAt is { } last ? Math.Min(SegmentFeatures.NeverDays, (now - last).TotalDays) : SegmentFeatures.NeverDays).ToArray();
            var ys = group.Select(c => Math.Log10(1 + Math.Max(0, c.Revenue))).ToArray();
            var series = plot.Add.ScatterPoints(xs, ys);
            series.LegendText = $"{group.Key.Description} ({group.Key.Size:N0})";
            series.MarkerSize = 4;
        }
        plot.Title($"{model.Segments.Count} segments, silhouette {model.Silhouette:0.00}");
        plot.XLabel("days since last purchase");
        plot.YLabel("log10(1 + revenue)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 900, 650);
    }
}
