using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>The metric names of a model's runs in the report's one order: headline ones first (the shortest names: "auc", "ndcg@10" before their breakdowns).</summary>
public static class RunMetrics
{
    /// <param name="include">Keeps a metric by its values over the runs (all of them, when null).</param>
    public static IEnumerable<string> HeadlineFirst(IEnumerable<ModelRun> runs, Func<IEnumerable<double>, bool>? include = null) =>
        runs.SelectMany(r => r.Status.Metrics).GroupBy(m => m.Key, m => m.Value)
            .Where(g => include is null || include(g))
            .Select(g => g.Key)
            .OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal);
}
