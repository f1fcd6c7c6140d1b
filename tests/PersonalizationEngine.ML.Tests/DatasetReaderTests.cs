using System.IO.Compression;
using System.Text;
using PersonalizationEngine.ML.Datasets;

namespace PersonalizationEngine.ML.Tests;

public sealed class DatasetReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pe-ml-").FullName;

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Reads_movielens_u_data_and_ratings_csv_alike()
    {
        var udata = MovieLensReader.ReadRatings(Write("u.data", "196\t242\t3\t881250949\n186\t302\t4.5\t891717742\n")).ToList();
        var csv = MovieLensReader.ReadRatings(Write("ratings.csv", "userId,movieId,rating,timestamp\r\n196,242,3.0,881250949\r\n")).ToList();

        Assert.Equal(2, udata.Count);
        Assert.Equal(("196", "242", 3.0, DatasetInteractionKind.Rating), (udata[0].CustomerId, udata[0].ProductId, udata[0].Value, udata[0].Kind));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(881250949), udata[0].OccurredAt);
        Assert.Equal(udata[0], Assert.Single(csv));
    }

    [Fact]
    public void Reads_movielens_items_with_their_first_genre()
    {
        var genres = Write("u.genre", "unknown|0\nAction|1\nComedy|2\n\n");
        var items = Write("u.item", "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|1\n2|Heat (1995)|01-Jan-1995||http://y|0|1|0\n");

        var products = MovieLensReader.ReadItems(items, genres).ToList();

        Assert.Equal([("1", "Comedy"), ("2", "Action")], products.Select(p => (p.ProductId, p.Category)));
    }

    [Fact]
    public void Reads_online_retail_purchases_skipping_cancellations_and_anonymous_lines()
    {
        var csv = """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,"WHITE HANGING HEART, T-LIGHT",6,2010-12-01 08:26:00,2.55,17850,United Kingdom
            C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom
            536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom
            A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,-11062.06,,United Kingdom
            """;
        var path = Path.Combine(_folder, "retail.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(csv));
        }

        var purchase = Assert.Single(OnlineRetailReader.ReadPurchases(path));
        var products = OnlineRetailReader.ReadProducts(path).ToList();

        Assert.Equal(("17850", "85123A", 15.3, 6.0), (purchase.CustomerId, purchase.ProductId, purchase.Value, purchase.Quantity));
        Assert.Equal(new DateTimeOffset(2010, 12, 1, 8, 26, 0, TimeSpan.Zero), purchase.OccurredAt);
        Assert.Equal("WHITE HANGING HEART, T-LIGHT", products.Single(p => p.ProductId == "85123A").Title);
        Assert.Equal(0, products.Single(p => p.ProductId == "B").Price); // an accounting line's negative amount is no price
    }

    [Fact]
    public void Reads_online_retail_sales_with_cancellations_as_returns_and_counts_the_lines_it_skips()
    {
        var path = Write("sales.csv", """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom
            C536379,85123A,HEART,-2,2010-12-02 09:41:00,2.55,17850,United Kingdom
            536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom
            536415,22140,damaged,-3,2010-12-01 11:53:00,0,17850,United Kingdom
            """);
        var skipped = new RetailSkips();

        var sales = OnlineRetailReader.ReadSales(path, skipped).ToList();

        Assert.Equal([DatasetInteractionKind.Purchase, DatasetInteractionKind.Return], sales.Select(s => s.Kind));
        var cancelled = sales[1];
        Assert.Equal(("17850", "85123A", 2.0, 5.1), (cancelled.CustomerId, cancelled.ProductId, cancelled.Quantity, cancelled.Value));
        Assert.Equal((1L, 1L), (skipped.Anonymous, skipped.NotASale));
        Assert.NotEqual(sales[0].EventId, cancelled.EventId);
    }

    [Fact]
    public void Reads_the_online_retail_ii_layout()
    {
        var path = Write("retail2.csv", "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n489434,85048,LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n");

        var purchase = Assert.Single(OnlineRetailReader.ReadPurchases(path));

        Assert.Equal(("13085", 83.4), (purchase.CustomerId, purchase.Value));
    }

    [Fact]
    public void A_missing_column_is_a_clear_error()
    {
        var path = Write("bad.csv", "Invoice,StockCode\n1,2\n");

        var error = Assert.Throws<FormatException>(() => OnlineRetailReader.ReadPurchases(path).ToList());

        Assert.Contains("Description", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
