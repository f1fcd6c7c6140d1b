using System.Globalization;
using System.Net;
using System.Text;
using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>report.html: the engine's data, then per model a chart of its metrics over time and a table of its runs.</summary>
public static class ReportPage
{
    public static string Html(GetModelStatusResponse status, IReadOnlyList<ModelRun> runs, IReadOnlyDictionary<string, string> metricCharts, string trainingChart,
        GetOnlineMetricsResponse online, string clickThroughChart, DateTimeOffset at)
    {
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>PersonalizationEngine report</title>
            <style>body{font:14px system-ui,sans-serif;margin:24px;color:#1d2430}table{border-collapse:collapse;margin:8px 0 24px}
            td,th{border:1px solid #dde;padding:3px 8px;text-align:right}th{background:#f3f4f7}td:first-child,th:first-child{text-align:left}
            .no{color:#8a6d00}</style></head><body>
            <h1>PersonalizationEngine: models and data</h1>
            <p>Generated {{at:u}}. Events in the log: <b>{{status.EventsInLog:N0}}</b>; products in the catalog: <b>{{status.ProductsInCatalog:N0}}</b>;
            last event: {{status.LastEventAt?.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) ?? "none"}}; projection lag: {{status.ProjectionLag:N0}}.</p>
            <h2>Serving now</h2><table><tr><th>model</th><th>version</th><th>algorithm</th></tr>
            """);
        foreach (var model in status.Models)
            html.Append($"<tr><td>{E(model.Model)}</td><td>{E(model.Version)}</td><td style=\"text-align:left\">{E(model.Algorithm)}</td></tr>");
        html.Append("</table>");
        AppendOnline(html, online, clickThroughChart);
        if (runs.Count > 0) html.Append($"<h2>Training runs</h2><img src=\"{E(trainingChart)}\" alt=\"training time and data size by run\">");
        foreach (var group in runs.GroupBy(r => r.Status.Model))
        {
            var metrics = RunMetrics.HeadlineFirst(group).ToList();
            html.Append($"<h2>{E(group.Key)}</h2><img src=\"{E(metricCharts[group.Key])}\" alt=\"{E(group.Key)} metrics by run\">");
            html.Append("<table><tr><th>version</th><th>trained at</th><th>events</th><th>seconds</th><th>published</th>");
            foreach (var metric in metrics) html.Append($"<th>{E(metric)}</th>");
            html.Append("<th>note</th></tr>");
            foreach (var run in group)
            {
                html.Append($"<tr><td>{E(run.Status.Version)}</td><td>{run.Status.TrainedAt.ToDateTimeOffset():u}</td><td>{run.Events:N0}</td><td>{run.Status.TrainingSeconds:F1}</td>");
                html.Append(run.Published ? "<td>yes</td>" : "<td class=\"no\">no</td>");
                foreach (var metric in metrics)
                    html.Append($"<td>{(run.Status.Metrics.TryGetValue(metric, out var value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "")}</td>");
                html.Append($"<td style=\"text-align:left\">{E(run.Note)}</td></tr>");
            }
            html.Append("</table>");
        }
        if (runs.Count == 0) html.Append("<p>No training run is recorded yet: <code>pe train MODEL</code> trains one now.</p>");
        return html.Append("</body></html>").ToString();
    }

    /// <summary>What each model version's lists earned over the last week (ExperimentService.GetOnlineMetrics).</summary>
    private static void AppendOnline(StringBuilder html, GetOnlineMetricsResponse online, string clickThroughChart)
    {
        html.Append("<h2>What recommendations earned (last 7 days)</h2>");
        if (online.Versions.Count == 0)
        {
            html.Append("<p>No list served yet.</p>");
            return;
        }
        html.Append($"<img src=\"{E(clickThroughChart)}\" alt=\"click-through by model version and hour\">");
        html.Append("<table><tr><th>model version</th><th>lists</th><th>items shown</th><th>clicks</th><th>click-through (95% interval)</th>"
            + "<th>purchases</th><th>revenue</th><th>window purchases</th></tr>");
        foreach (var version in online.Versions)
        {
            var m = version.Metrics;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(version.ModelVersion)}</td><td>{m.ListsServed:N0}</td><td>{m.ItemsShown:N0}</td><td>{m.Clicks:N0}</td>"
                + $"<td>{m.ClickThroughRate:P2} ({m.ClickThroughLow:P2}–{m.ClickThroughHigh:P2})</td><td>{m.Purchases:N0}</td><td>{m.AttributedRevenue:N2}</td><td>{m.WindowPurchases:N0}</td></tr>");
        }
        html.Append("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
