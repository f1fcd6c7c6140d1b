using PersonalizationEngine.ML.Evaluation;
using ScottPlot;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>A PNG bar chart of the evaluation: one group of bars per model, one bar per metric.</summary>
public static class EvalChart
{
    public static void Save(string path, IReadOnlyList<ModelEvaluation> results, string title, int k)
    {
        (string Name, Func<RankingResult, double> Value)[] metrics =
        [
            ($"precision@{k}", m => m.Precision),
            ($"recall@{k}", m => m.Recall),
            ($"NDCG@{k}", m => m.Ndcg),
            ("MAP", m => m.Map),
        ];
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        for (var model = 0; model < results.Count; model++)
        {
            for (var metric = 0; metric < metrics.Length; metric++)
            {
                var value = metrics[metric].Value(results[model].Metrics);
                bars.Add(new Bar
                {
                    Position = model * (metrics.Length + 1) + metric,
                    Value = value,
                    FillColor = palette.GetColor(metric),
                    Label = value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 9;
        for (var metric = 0; metric < metrics.Length; metric++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = metrics[metric].Name, FillColor = palette.GetColor(metric) });
        }
        var ticks = results.Select((r, i) => new Tick(i * (metrics.Length + 1) + (metrics.Length - 1) / 2.0, r.Model)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel("score");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 500);
    }
}
