using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Evaluation;

/// <summary>Train / test splits of interactions, per user.</summary>
public static class DataSplit
{
    /// <summary>
    /// Microsoft Recommenders' python_stratified_split (filter by user): each user's interactions are
    /// shuffled and the first round(ratio × n) go to training, the rest to test. Deterministic for a seed.
    /// </summary>
    public static (List<Interaction> Train, List<Interaction> Test) StratifiedRandom(IEnumerable<Interaction> data, double ratio, int seed)
    {
        var random = new Random(seed);
        return SplitEachUser(data, ratio, rows => rows.OrderBy(_ => random.Next()).ToList());
    }

    /// <summary>Each user's earliest round(ratio × n) interactions train; the latest are the test.</summary>
    public static (List<Interaction> Train, List<Interaction> Test) Temporal(IEnumerable<Interaction> data, double ratio) =>
        SplitEachUser(data, ratio, rows => rows.OrderBy(r => r.OccurredAt).ToList());

    private static (List<Interaction> Train, List<Interaction> Test) SplitEachUser(
        IEnumerable<Interaction> data, double ratio, Func<List<Interaction>, List<Interaction>> order)
    {
        if (ratio is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(ratio), "must be between 0 and 1");
        var train = new List<Interaction>();
        var test = new List<Interaction>();
        foreach (var user in data.GroupBy(d => d.UserId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = order(user.ToList());
            // Python's round(), as the reference implementation uses: halves go to the even number.
            var cut = (int)Math.Round(ratio * rows.Count, MidpointRounding.ToEven);
            train.AddRange(rows.Take(cut));
            test.AddRange(rows.Skip(cut));
        }
        return (train, test);
    }
}
