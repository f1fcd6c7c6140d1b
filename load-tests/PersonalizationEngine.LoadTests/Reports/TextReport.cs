using System.Text;

namespace PersonalizationEngine.LoadTests;

/// <summary>The report for the console (aligned columns) and as markdown.</summary>
public static class TextReport
{
    public static string Console(LoadReport report, IReadOnlyList<string> breaches)
    {
        var rows = ReportTable.Rows(report).Prepend(ReportTable.Header).ToList();
        var widths = ReportTable.Header.Select((_, c) => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Title(report));
        foreach (var row in rows)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))));
        AppendFooter(text, report, breaches, "");
        return text.ToString();
    }

    public static string Markdown(LoadReport report, IReadOnlyList<string> breaches)
    {
        var text = new StringBuilder();
        text.AppendLine($"## {Title(report)}").AppendLine();
        text.AppendLine($"| {string.Join(" | ", ReportTable.Header)} |");
        text.AppendLine($"|{string.Concat(ReportTable.Header.Select((_, c) => c == 0 ? "---|" : "---:|"))}");
        foreach (var row in ReportTable.Rows(report)) text.AppendLine($"| {string.Join(" | ", row)} |");
        text.AppendLine();
        AppendFooter(text, report, breaches, "- ");
        return text.ToString();
    }

    private static string Title(LoadReport report) =>
        $"{report.Scenario}: {report.Load}, {report.Warmup.TotalSeconds:0.#} s warm-up, {report.Duration.TotalSeconds:0.#} s measured, against {report.Server}";

    private static void AppendFooter(StringBuilder text, LoadReport report, IReadOnlyList<string> breaches, string bullet)
    {
        if (report.SendLag.Requests > 0)
            text.AppendLine($"{bullet}generator send lag (part of the latencies): p50 {report.SendLag.LatencyMs(50):0.00} ms, p99 {report.SendLag.LatencyMs(99):0.00} ms");
        text.AppendLine(breaches.Count == 0
            ? $"{bullet}thresholds: all held"
            : $"{bullet}THRESHOLDS BREACHED: {string.Join("; ", breaches)}");
    }
}
