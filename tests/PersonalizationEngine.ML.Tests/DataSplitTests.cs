using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Evaluation;

namespace PersonalizationEngine.ML.Tests;

public sealed class DataSplitTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<Interaction> Data(int users, int perUser) =>
        Enumerable.Range(0, users).SelectMany(u => Enumerable.Range(0, perUser)
            .Select(i => new Interaction($"u{u}", $"i{i}", 1, Start.AddDays(i)))).ToList();

    [Fact]
    public void Stratified_split_keeps_the_ratio_for_every_user_and_is_deterministic()
    {
        var (train, test) = DataSplit.StratifiedRandom(Data(20, 8), 0.75, seed: 42);
        var again = DataSplit.StratifiedRandom(Data(20, 8), 0.75, seed: 42);

        Assert.All(train.GroupBy(t => t.UserId), g => Assert.Equal(6, g.Count()));
        Assert.All(test.GroupBy(t => t.UserId), g => Assert.Equal(2, g.Count()));
        Assert.Equal(train, again.Train);
        Assert.NotEqual(train, DataSplit.StratifiedRandom(Data(20, 8), 0.75, seed: 7).Train);
    }

    [Fact]
    public void Rounding_follows_python_round_half_to_even()
    {
        // 0.75 x 2 = 1.5 rounds to 2 and 0.75 x 6 = 4.5 rounds to 4, as Python's round() does.
        Assert.Equal(2, DataSplit.StratifiedRandom(Data(1, 2), 0.75, 1).Train.Count);
        Assert.Equal(4, DataSplit.StratifiedRandom(Data(1, 6), 0.75, 1).Train.Count);
    }

    [Fact]
    public void Temporal_split_tests_on_each_users_latest_interactions()
    {
        var (train, test) = DataSplit.Temporal(Data(3, 4), 0.75);

        Assert.All(test, t => Assert.Equal("i3", t.ItemId));
        Assert.Equal(9, train.Count);
    }

    [Fact]
    public void The_id_pool_hands_out_one_instance_per_distinct_id()
    {
        var pool = new IdPool();
        var first = pool.Intern(new string(['C', '1']));
        var again = pool.Intern(new string(['C', '1']));

        Assert.Same(first, again);
        Assert.Equal("C2", pool.Intern("C2"));
        Assert.NotSame(first, pool.Intern("C2"));
    }
}
