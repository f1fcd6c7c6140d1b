using System.Diagnostics;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Evaluation;

/// <summary>
/// Trains each model on the training interactions and ranks k items for every test user with the items
/// they interacted with in training removed ("seen items removed"); every test item of a user is relevant.
/// </summary>
public static class OfflineEvaluator
{
    public static IReadOnlyList<ModelEvaluation> Run(
        IReadOnlyList<Interaction> train, IReadOnlyList<Interaction> test, IEnumerable<IRankingModel> models, int k,
        IProgress<(string Model, double Fraction)>? progress = null)
    {
        var matrix = InteractionMatrix.Build(train);
        var relevant = RelevantOf(test);
        var results = new List<ModelEvaluation>();
        foreach (var model in models)
        {
            var report = progress is null ? null : new Progress<double>(f => progress.Report((model.Name, 0.8 * f)));
            var clock = Stopwatch.StartNew();
            model.Fit(matrix, report);
            var trainingSeconds = clock.Elapsed.TotalSeconds;
            var (metrics, coverage) = Measure(model, matrix, relevant, k);
            progress?.Report((model.Name, 1));
            results.Add(new ModelEvaluation(model.Name, metrics, coverage, trainingSeconds));
        }
        return results;
    }

    /// <summary>Each test user's relevant items.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> RelevantOf(IEnumerable<Interaction> test) => test
        .GroupBy(t => t.UserId, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(t => t.ItemId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The metrics and catalog coverage of a model already fitted on <paramref name="matrix"/>.</summary>
    public static (RankingResult Metrics, double Coverage) Measure(
        IRankingModel fitted, InteractionMatrix matrix, IReadOnlyDictionary<string, IReadOnlySet<string>> relevant, int k)
    {
        var recommended = Recommend(fitted, matrix, relevant.Keys, k);
        var coverage = (double)recommended.Values.SelectMany(list => list).Distinct().Count() / matrix.ItemCount;
        return (RankingMetrics.Evaluate(recommended, relevant, k), coverage);
    }

    /// <summary>Each known user's top <paramref name="k"/> from a fitted model, seen items left out.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Recommend(IRankingModel model, InteractionMatrix matrix, IEnumerable<string> users, int k)
    {
        var known = users.Where(u => matrix.Users.TryGetIndex(u, out _)).ToArray();
        var lists = new IReadOnlyList<string>[known.Length];
        Parallel.For(0, known.Length, TrainingThreads.Options, () => new float[matrix.ItemCount], (i, _, scores) =>
        {
            matrix.Users.TryGetIndex(known[i], out var user);
            model.Score(user, scores);
            var seen = new HashSet<int>(matrix.ByUser.ColumnsOf(user).ToArray());
            lists[i] = TopK.Select(scores, k, seen).Select(matrix.Items.IdOf).ToArray();
            return scores;
        }, _ => { });
        return known.Select((u, i) => (u, list: lists[i])).ToDictionary(x => x.u, x => x.list, StringComparer.Ordinal);
    }
}
