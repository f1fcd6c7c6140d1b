using System.Runtime.InteropServices;

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
    /// <remarks>
    /// Built from three parallel columns (user, item, value) by counting sorts, without a dictionary of
    /// pairs or a sort of every cell: at 2,000,000 interactions those were a few hundred MB of the
    /// engine's training peak. Repeated pairs are summed in input order.
    /// </remarks>
    public static InteractionMatrix Build(IEnumerable<Interaction> interactions, IEnumerable<string>? items = null)
    {
        var users = new IdIndex();
        var itemIndex = new IdIndex();
        foreach (var item in items ?? []) itemIndex.GetOrAdd(item);
        var expected = interactions.TryGetNonEnumeratedCount(out var count) ? count : 0;
        var (userOf, itemOf, valueOf) = (new List<int>(expected), new List<int>(expected), new List<float>(expected));
        foreach (var x in interactions)
        {
            userOf.Add(users.GetOrAdd(x.UserId));
            itemOf.Add(itemIndex.GetOrAdd(x.ItemId));
            valueOf.Add(x.Value);
        }
        var byUser = Csr.FromCells(users.Count, CollectionsMarshal.AsSpan(userOf), CollectionsMarshal.AsSpan(itemOf), CollectionsMarshal.AsSpan(valueOf));
        return new InteractionMatrix(users, itemIndex, byUser, byUser.Transposed(itemIndex.Count));
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

        /// <summary>Cell i is (rowOf[i], columnOf[i], valueOf[i]); each row's columns ascending, repeated cells summed in input order.</summary>
        internal static Csr FromCells(int rows, ReadOnlySpan<int> rowOf, ReadOnlySpan<int> columnOf, ReadOnlySpan<float> valueOf)
        {
            // Cells grouped by row, in input order within a row (a counting sort).
            var start = new int[rows + 1];
            foreach (var r in rowOf) start[r + 1]++;
            for (var r = 0; r < rows; r++) start[r + 1] += start[r];
            var next = start[..rows];
            var inRowOrder = new int[rowOf.Length];
            for (var i = 0; i < rowOf.Length; i++) inRowOrder[next[rowOf[i]]++] = i;

            var offsets = new int[rows + 1];
            var columns = new int[rowOf.Length];
            var values = new float[rowOf.Length];
            var written = 0;
            var keys = new long[16];
            for (var r = 0; r < rows; r++)
            {
                var cells = inRowOrder.AsSpan(start[r], start[r + 1] - start[r]);
                if (keys.Length < cells.Length) keys = new long[cells.Length * 2];
                // By column, then input position: equal columns are summed in the order they came.
                for (var k = 0; k < cells.Length; k++) keys[k] = ((long)columnOf[cells[k]] << 32) | (uint)cells[k];
                Array.Sort(keys, 0, cells.Length);
                for (var k = 0; k < cells.Length; k++)
                {
                    var cell = (int)(keys[k] & uint.MaxValue);
                    var column = (int)(keys[k] >> 32);
                    if (written > offsets[r] && columns[written - 1] == column) values[written - 1] += valueOf[cell];
                    else (columns[written], values[written++]) = (column, valueOf[cell]);
                }
                offsets[r + 1] = written;
            }
            return written == columns.Length ? new Csr(offsets, columns, values) : new Csr(offsets, columns[..written], values[..written]);
        }

        /// <summary>The same cells by column: row c of the result holds the rows of column c, ascending.</summary>
        internal Csr Transposed(int columnCount)
        {
            var offsets = new int[columnCount + 1];
            foreach (var c in Columns) offsets[c + 1]++;
            for (var c = 0; c < columnCount; c++) offsets[c + 1] += offsets[c];
            var next = offsets[..columnCount];
            var rows = new int[Columns.Length];
            var values = new float[Columns.Length];
            for (var r = 0; r < Offsets.Length - 1; r++)
            {
                for (var k = Offsets[r]; k < Offsets[r + 1]; k++)
                {
                    var at = next[Columns[k]]++;
                    (rows[at], values[at]) = (r, Values[k]);
                }
            }
            return new Csr(offsets, rows, values);
        }
    }
}
