using System.Globalization;
using System.Net;
using System.Text;
using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>report.html: the engine's data, then per model a chart of its metrics over time and a table of its runs.</summary>
public static class ReportPage
{
    public static string Html(GetModelStatusResponse status, IReadOnlyList<ModelRun> runs, IReadOnlyDictionary<string, string> metricCharts, string trainingChart, DateTimeOffset at)
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

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
