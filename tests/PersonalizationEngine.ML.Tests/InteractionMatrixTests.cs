using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Tests;

public sealed class InteractionMatrixTests
{
    [Fact]
    public void Build_sums_repeated_pairs_in_input_order_and_keeps_both_views_sorted()
    {
        var random = new Random(9);
        var at = DateTimeOffset.UnixEpoch;
        var interactions = Enumerable.Range(0, 5_000)
            .Select(_ => new Interaction($"u{random.Next(300)}", $"i{random.Next(200)}", (float)random.NextDouble() * 3, at))
            .ToList();
        var matrix = InteractionMatrix.Build(interactions, ["catalog-only", "i5"]);

        // The reference: ids in first-seen order (the catalog's first), values summed in input order.
        var expected = new Dictionary<(int, int), float>();
        var userIds = interactions.Select(x => x.UserId).Distinct().ToList();
        var itemIds = new[] { "catalog-only", "i5" }.Concat(interactions.Select(x => x.ItemId)).Distinct().ToList();
        foreach (var x in interactions)
        {
            var key = (userIds.IndexOf(x.UserId), itemIds.IndexOf(x.ItemId));
            expected[key] = expected.GetValueOrDefault(key) + x.Value;
        }
        Assert.Equal(userIds, Enumerable.Range(0, matrix.UserCount).Select(matrix.Users.IdOf));
        Assert.Equal(itemIds, Enumerable.Range(0, matrix.ItemCount).Select(matrix.Items.IdOf));
        Assert.Equal(expected.Count, matrix.ByUser.Columns.Length);
        Assert.Equal(0, matrix.ByItem.CountOf(0));
        for (var u = 0; u < matrix.UserCount; u++)
        {
            var row = expected.Where(e => e.Key.Item1 == u).OrderBy(e => e.Key.Item2).ToArray();
            Assert.Equal(row.Select(e => e.Key.Item2), matrix.ByUser.ColumnsOf(u).ToArray());
            Assert.Equal(row.Select(e => e.Value), matrix.ByUser.ValuesOf(u).ToArray());
        }
        for (var i = 0; i < matrix.ItemCount; i++)
        {
            var column = expected.Where(e => e.Key.Item2 == i).OrderBy(e => e.Key.Item1).ToArray();
            Assert.Equal(column.Select(e => e.Key.Item1), matrix.ByItem.ColumnsOf(i).ToArray());
            Assert.Equal(column.Select(e => e.Value), matrix.ByItem.ValuesOf(i).ToArray());
        }
    }
}
