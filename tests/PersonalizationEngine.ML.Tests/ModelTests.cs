using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Evaluation;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Tests;

public sealed class ModelTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Planted structure: users and items belong to one of <paramref name="groups"/> groups; a user
    /// interacts with a random 60% of their group's items and nothing else (a rank-<paramref name="groups"/> signal).
    /// </summary>
    private static List<Interaction> Planted(int groups, int usersPerGroup, int itemsPerGroup, int seed)
    {
        var random = new Random(seed);
        var data = new List<Interaction>();
        for (var g = 0; g < groups; g++)
        {
            for (var u = 0; u < usersPerGroup; u++)
            {
                for (var i = 0; i < itemsPerGroup; i++)
                {
                    if (random.NextDouble() < 0.6) data.Add(new Interaction($"u{g}-{u}", $"i{g}-{i}", 1, At));
                }
            }
        }
        return data;
    }

    public static TheoryData<string> Learners => new() { "ease", "als" };

    private static IRankingModel Create(string name) => name switch
    {
        "ease" => new EaseModel(lambda: 5),
        "als" => new ImplicitAlsModel(new ImplicitAlsOptions(Factors: 8, Iterations: 10)),
        _ => new PopularityModel(),
    };

    [Theory]
    [MemberData(nameof(Learners))]
    public void Learners_recover_a_planted_low_rank_signal(string name)
    {
        var matrix = InteractionMatrix.Build(Planted(groups: 4, usersPerGroup: 30, itemsPerGroup: 25, seed: 1));
        var model = Create(name);
        model.Fit(matrix);

        // Every user's top 5 unseen items come from their own group (popularity cannot tell groups apart).
        var scores = new float[matrix.ItemCount];
        var inGroup = 0.0;
        for (var user = 0; user < matrix.UserCount; user++)
        {
            model.Score(user, scores);
            var group = matrix.Users.IdOf(user).Split('-')[0][1..];
            var top = TopK.Select(scores, 5, matrix.ByUser.ColumnsOf(user).ToArray().ToHashSet());
            inGroup += top.Count(i => matrix.Items.IdOf(i).Split('-')[0][1..] == group) / 5.0;
        }

        Assert.True(inGroup / matrix.UserCount > 0.97, $"{name}: {inGroup / matrix.UserCount:P1} of recommendations in the user's group");
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Learners_beat_popularity_on_held_out_interactions(string name)
    {
        var (train, test) = DataSplit.StratifiedRandom(Planted(groups: 4, usersPerGroup: 30, itemsPerGroup: 25, seed: 1), 0.75, seed: 3);

        var results = OfflineEvaluator.Run(train, test, [Create(name), new PopularityModel()], k: 5);

        // Test items are a random part of the group's unseen items, so ~0.29 is the best any model can do.
        Assert.True(results[0].Metrics.Precision > 0.2, $"{name} precision@5 {results[0].Metrics.Precision:F3}");
        Assert.True(results[0].Metrics.Precision > 3 * results[1].Metrics.Precision);
    }

    [Fact]
    public void Fold_in_equals_the_exact_least_squares_solution_for_that_user()
    {
        var matrix = InteractionMatrix.Build(Planted(groups: 3, usersPerGroup: 20, itemsPerGroup: 15, seed: 2));
        var options = new ImplicitAlsOptions(Factors: 6, Iterations: 5);
        var model = new ImplicitAlsModel(options);
        model.Fit(matrix);
        matrix.Users.TryGetIndex("u1-4", out var user);
        var columns = matrix.ByUser.ColumnsOf(user).ToArray();
        var values = matrix.ByUser.ValuesOf(user).ToArray();

        var snapshot = model.ToSnapshot();

        var folded = snapshot.FoldIn(columns.Select((c, i) => (matrix.Items.IdOf(c), values[i])));

        // The normal equations (YᵀY + λI + Σ α·v·y yᵀ) x = Σ (1 + α·v) y, solved directly.
        var k = options.Factors;
        var y = snapshot.ItemFactors;
        var a = new double[k, k];
        var b = new double[k];
        for (var item = 0; item < matrix.ItemCount; item++)
        {
            var index = Array.IndexOf(columns, item);
            var extra = index >= 0 ? options.Alpha * values[index] : 0;
            for (var i = 0; i < k; i++)
            {
                if (index >= 0) b[i] += (1 + extra) * y[item * k + i];
                for (var j = 0; j < k; j++) a[i, j] += (1 + extra) * y[item * k + i] * y[item * k + j];
            }
        }
        for (var i = 0; i < k; i++) a[i, i] += options.Regularization;
        var exact = Solve(a, b);
        for (var i = 0; i < k; i++) Assert.Equal(exact[i], folded[i], 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(14)]
    public void Fold_in_is_the_exact_solution_for_short_and_long_histories(int historyLength)
    {
        // 16 factors: up to 8 products a history folds in through the Woodbury identity, longer ones by Cholesky.
        const int k = 16;
        const float alpha = 5, regularization = 0.5f;
        var random = new Random(historyLength);
        var ids = Enumerable.Range(0, 300).Select(i => $"p{i}").ToArray();
        var y = Enumerable.Range(0, 300 * k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var snapshot = new ItemFactorSnapshot(ids, y, k, alpha, regularization);
        var history = Enumerable.Range(0, 300).OrderBy(_ => random.Next()).Take(historyLength).Select(i => (Item: i, Value: 1 + random.Next(4))).ToArray();

        var folded = snapshot.FoldIn(history.Select(h => (ids[h.Item], (float)h.Value)));

        var a = new double[k, k];
        var b = new double[k];
        for (var item = 0; item < 300; item++)
        for (var i = 0; i < k; i++)
        for (var j = 0; j < k; j++)
            a[i, j] += y[item * k + i] * y[item * k + j];
        for (var i = 0; i < k; i++) a[i, i] += regularization;
        foreach (var (item, value) in history)
        for (var i = 0; i < k; i++)
        {
            b[i] += (1 + alpha * value) * y[item * k + i];
            for (var j = 0; j < k; j++) a[i, j] += alpha * value * y[item * k + i] * y[item * k + j];
        }
        var exact = Solve(a, b);
        for (var i = 0; i < k; i++) Assert.Equal(exact[i], folded[i], 4);
    }

    [Fact]
    public void A_snapshot_survives_save_and_load_and_scores_alike()
    {
        var model = new ImplicitAlsModel(new ImplicitAlsOptions(Factors: 4, Iterations: 3));
        model.Fit(InteractionMatrix.Build(Planted(groups: 2, usersPerGroup: 5, itemsPerGroup: 6, seed: 4)));
        var snapshot = model.ToSnapshot();
        using var stream = new MemoryStream();

        snapshot.Save(stream);
        stream.Position = 0;
        var loaded = ItemFactorSnapshot.Load(stream);

        Assert.Equal(snapshot.ItemIds, loaded.ItemIds);
        Assert.Equal(snapshot.ItemFactors, loaded.ItemFactors);
        (string, float)[] history = [("i0-1", 1f), ("i0-3", 2f), ("unknown", 1f)];
        Assert.Equal(snapshot.FoldIn(history), loaded.FoldIn(history));
        Assert.All(snapshot.FoldIn([("unknown", 1f)]), v => Assert.Equal(0f, v));
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        for (var p = 0; p < n; p++)
        {
            for (var r = p + 1; r < n; r++)
            {
                var f = a[r, p] / a[p, p];
                for (var c = p; c < n; c++) a[r, c] -= f * a[p, c];
                b[r] -= f * b[p];
            }
        }
        var x = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = b[r];
            for (var c = r + 1; c < n; c++) sum -= a[r, c] * x[c];
            x[r] = sum / a[r, r];
        }
        return x;
    }

    [Fact]
    public void Top_k_is_ordered_skips_exclusions_and_breaks_ties_by_index()
    {
        float[] scores = [0.5f, 0.9f, 0.1f, 0.9f, 0.7f];

        Assert.Equal([1, 3, 4], TopK.Select(scores, 3));
        Assert.Equal([3, 4], TopK.Select(scores, 2, new HashSet<int> { 1 }));
        Assert.Equal(5, TopK.Select(scores, 10).Length);
    }

    [Fact]
    public void Ease_refuses_catalogs_it_cannot_invert()
    {
        var data = Enumerable.Range(0, EaseModel.MaxItems + 1).Select(i => new Interaction("u", $"i{i}", 1, At));

        Assert.Throws<InvalidOperationException>(() => new EaseModel().Fit(InteractionMatrix.Build(data)));
    }
}

public sealed class ContentFactorModelTests
{
    [Fact]
    public void A_new_product_gets_the_mean_factor_of_its_known_tokens()
    {
        var snapshot = new ItemFactorSnapshot(["a", "b", "c"], [1, 0, 3, 0, 0, 5], factors: 2, alpha: 1, regularization: 1);
        var content = ContentFactorModel.Fit(snapshot, id => id switch
        {
            "a" or "b" => ContentFactorModel.Tokens("Shoes", ["winter"], "Red boot"),
            "c" => ContentFactorModel.Tokens("books", [], "A novel"),
            _ => null,
        });

        // Its only known token is the category: the mean of a and b.
        Assert.Equal([2f, 0f], content.FactorFor(ContentFactorModel.Tokens("shoes", [], "Unheard of"))!);
        // Category shoes (2, 0) and word novel (0, 5) average to (1, 2.5).
        Assert.Equal([1f, 2.5f], content.FactorFor(ContentFactorModel.Tokens("shoes", [], "Novel"))!);
        Assert.Null(content.FactorFor(ContentFactorModel.Tokens("garden", [], "Rake")));
    }

    [Fact]
    public void Tokens_are_category_tags_and_title_words()
    {
        var tokens = ContentFactorModel.Tokens("Shoes", ["Winter"], "Red leather boot, size 42");

        Assert.Equal(["category:shoes", "tag:winter", "word:red", "word:leather", "word:boot", "word:size"], tokens);
    }
}
