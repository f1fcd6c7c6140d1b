using System.Globalization;

namespace PersonalizationEngine.ML.Datasets;

/// <summary>
/// Reads the UCI Online Retail CSV (and the Online Retail II layout), optionally gzipped. Each invoice
/// line of a known customer becomes a purchase whose value is the amount paid (quantity x unit price).
/// </summary>
public static class OnlineRetailReader
{
    /// <summary>The purchases only (what offline evaluation trains and scores on); cancellations and anonymous lines are left out.</summary>
    public static IEnumerable<DatasetInteraction> ReadPurchases(string path) =>
        ReadLines(path).Where(l => l.IsPurchase).Select(l => Interaction(l, DatasetInteractionKind.Purchase));

    /// <summary>
    /// What a shop would send: purchases, and cancellations (an invoice starting with 'C', negative quantity)
    /// as returns of their units and amount, so that sales reversed later are subtracted. Lines that are
    /// neither (anonymous lines: no customer to send them for; other lines with no positive quantity, e.g.
    /// accounting adjustments) are counted in <paramref name="skipped"/>.
    /// </summary>
    public static IEnumerable<DatasetInteraction> ReadSales(string path, RetailSkips skipped)
    {
        foreach (var line in ReadLines(path))
        {
            if (line.CustomerId.Length == 0) skipped.Anonymous++;
            else if (line.IsPurchase) yield return Interaction(line, DatasetInteractionKind.Purchase);
            else if (line.IsCancellation) yield return Interaction(line with { Quantity = -line.Quantity }, DatasetInteractionKind.Return);
            else skipped.NotASale++;
        }
    }

    private static DatasetInteraction Interaction(RetailLine l, DatasetInteractionKind kind) => new(
        EventId: $"retail-{l.Invoice}-{l.StockCode}-{l.LineNumber}",
        CustomerId: l.CustomerId,
        ProductId: l.StockCode,
        Kind: kind,
        Value: Math.Round(l.Quantity * l.Price, 2),
        OccurredAt: l.InvoiceDate,
        Quantity: l.Quantity);

    /// <summary>
    /// Units sold per product and time step (UTC; the step's number since 0001-01-01, a day or an hour), over
    /// every line with a stock code, anonymous ones included: demand does not depend on who bought.
    /// Cancellations (negative quantities) subtract.
    /// </summary>
    public static Dictionary<string, SortedDictionary<long, double>> ReadUnits(string path, TimeSpan step)
    {
        var units = new Dictionary<string, SortedDictionary<long, double>>(StringComparer.Ordinal);
        foreach (var line in ReadLines(path))
        {
            if (line.StockCode.Length == 0) continue;
            if (!units.TryGetValue(line.StockCode, out var steps)) units[line.StockCode] = steps = [];
            var at = line.InvoiceDate.UtcTicks / step.Ticks;
            steps[at] = steps.GetValueOrDefault(at) + line.Quantity;
        }
        return units;
    }

    /// <summary>
    /// One product per stock code with its first description and latest price (an accounting line's negative
    /// price, e.g. "Adjust bad debt", is not a price). Online Retail has no categories.
    /// </summary>
    public static IEnumerable<DatasetProduct> ReadProducts(string path)
    {
        var products = new Dictionary<string, DatasetProduct>(StringComparer.Ordinal);
        foreach (var line in ReadLines(path))
        {
            var title = products.TryGetValue(line.StockCode, out var known) && known.Title.Length > 0 ? known.Title : line.Description;
            var price = line.Price >= 0 ? line.Price : known?.Price ?? 0;
            products[line.StockCode] = new DatasetProduct(line.StockCode, title, "retail", price);
        }
        return products.Values;
    }

    private static IEnumerable<RetailLine> ReadLines(string path)
    {
        using var reader = DatasetFile.OpenText(path);
        var header = CsvLine.Split(reader.ReadLine() ?? throw new FormatException($"{path}: empty file"));
        var columns = RetailColumns.From(header, path);
        var lineNumber = 1;
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (text.Length == 0) continue;
            var fields = CsvLine.Split(text);
            if (fields.Count < header.Count) throw new FormatException($"{path}:{lineNumber}: expected {header.Count} fields");
            yield return columns.Parse(fields, lineNumber);
        }
    }

    private sealed record RetailLine(
        int LineNumber, string Invoice, string StockCode, string Description, double Quantity,
        DateTimeOffset InvoiceDate, double Price, string CustomerId)
    {
        public bool IsPurchase => CustomerId.Length > 0 && !Invoice.StartsWith('C') && Quantity > 0;

        public bool IsCancellation => CustomerId.Length > 0 && Invoice.StartsWith('C') && Quantity < 0;
    }

    private sealed record RetailColumns(int Invoice, int StockCode, int Description, int Quantity, int Date, int Price, int Customer)
    {
        private static readonly string[] DateFormats = ["yyyy-MM-dd HH:mm:ss", "M/d/yyyy H:mm", "yyyy-MM-dd HH:mm"];

        public static RetailColumns From(IReadOnlyList<string> header, string path)
        {
            int Find(params string[] names)
            {
                for (var i = 0; i < header.Count; i++)
                {
                    if (names.Contains(header[i].Trim(), StringComparer.OrdinalIgnoreCase)) return i;
                }
                throw new FormatException($"{path}: no column named {string.Join(" or ", names)}");
            }
            return new RetailColumns(Find("InvoiceNo", "Invoice"), Find("StockCode"), Find("Description"), Find("Quantity"),
                Find("InvoiceDate"), Find("UnitPrice", "Price"), Find("CustomerID", "Customer ID"));
        }

        public RetailLine Parse(List<string> f, int lineNumber)
        {
            var customer = f[Customer].Trim();
            if (customer.EndsWith(".0", StringComparison.Ordinal)) customer = customer[..^2];
            var date = DateTime.ParseExact(f[Date].Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            return new RetailLine(lineNumber, f[Invoice].Trim(), f[StockCode].Trim(), f[Description].Trim(),
                double.Parse(f[Quantity], CultureInfo.InvariantCulture), new DateTimeOffset(date, TimeSpan.Zero),
                double.TryParse(f[Price], CultureInfo.InvariantCulture, out var price) ? price : 0, customer);
        }
    }
}
