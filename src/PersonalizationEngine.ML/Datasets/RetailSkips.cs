namespace PersonalizationEngine.ML.Datasets;

/// <summary>The lines of a retail file that <see cref="OnlineRetailReader.ReadSales"/> sent nothing for, by reason.</summary>
public sealed class RetailSkips
{
    /// <summary>Lines without a customer id: a sale, but no customer to send it for.</summary>
    public long Anonymous { get; set; }

    /// <summary>Lines of a known customer that are neither a purchase nor a cancellation (no positive quantity, not a 'C' invoice).</summary>
    public long NotASale { get; set; }

    public long Total => Anonymous + NotASale;
}
