namespace PersonalizationEngine.ML.Data;

/// <summary>
/// A sparse user × item matrix in compressed rows, both by user and by item (the transposed view that
/// alternating least squares needs). Ids are mapped to dense indices; repeated user–item pairs are summed.
/// </summary>
public sealed class InteractionMatrix
{
    private InteractionMatrix(IdIndex users, IdIndex items, Csr byUser, Csr byItem)
    {
        Users = users;
        Items = items;
        ByUser = byUser;
        ByItem = byItem;
    }

    public IdIndex Users { get; }
    public IdIndex Items { get; }

    /// <summary>Row u: the items of user u and their values.</summary>
    public Csr ByUser { get; }

    /// <summary>Row i: the users of item i and their values.</summary>
    public Csr ByItem { get; }

    public int UserCount => Users.Count;
    public int ItemCount => Items.Count;

    /// <param name="items">Ids every model should know even without interactions (the catalog); may be empty.</param>
    public static InteractionMatrix Build(IEnumerable<Interaction> interactions, IEnumerable<string>? items = null)
    {
        var users = new IdIndex();
        var itemIndex = new IdIndex();
        foreach (var item in items ?? []) itemIndex.GetOrAdd(item);
        var cells = new Dictionary<(int User, int Item), float>();
        foreach (var x in interactions)
        {
            var key = (users.GetOrAdd(x.UserId), itemIndex.GetOrAdd(x.ItemId));
            cells[key] = cells.GetValueOrDefault(key) + x.Value;
        }
        var triples = cells.Select(c => (c.Key.User, c.Key.Item, c.Value)).ToArray();
        return new InteractionMatrix(users, itemIndex,
            Csr.From(users.Count, triples.Select(t => (t.User, t.Item, t.Value))),
            Csr.From(itemIndex.Count, triples.Select(t => (t.Item, t.User, t.Value))));
    }

    /// <summary>Compressed sparse rows: row r's columns are Columns[Offsets[r]..Offsets[r+1]].</summary>
    public sealed class Csr(int[] offsets, int[] columns, float[] values)
    {
        public int[] Offsets { get; } = offsets;
        public int[] Columns { get; } = columns;
        public float[] Values { get; } = values;

        public ReadOnlySpan<int> ColumnsOf(int row) => Columns.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);

        public ReadOnlySpan<float> ValuesOf(int row) => Values.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);

        public int CountOf(int row) => Offsets[row + 1] - Offsets[row];

        internal static Csr From(int rows, IEnumerable<(int Row, int Column, float Value)> cells)
        {
            var sorted = cells.OrderBy(c => c.Row).ThenBy(c => c.Column).ToArray();
            var offsets = new int[rows + 1];
            foreach (var c in sorted) offsets[c.Row + 1]++;
            for (var r = 0; r < rows; r++) offsets[r + 1] += offsets[r];
            return new Csr(offsets, sorted.Select(c => c.Column).ToArray(), sorted.Select(c => c.Value).ToArray());
        }
    }
}
