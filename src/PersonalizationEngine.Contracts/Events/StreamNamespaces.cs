namespace PersonalizationEngine.Contracts.Events;

/// <summary>Names of the Orleans streams that carry accepted events to the grains.</summary>
public static class StreamNamespaces
{
    /// <summary>The stream provider registered by the host.</summary>
    public const string Provider = "events";

    /// <summary>One stream per customer, keyed by customer id.</summary>
    public const string Customer = "customer-events";

    /// <summary>One stream per product, keyed by product id.</summary>
    public const string Product = "product-events";

    /// <summary>One stream per offer, keyed by offer id (impressions, acceptances, dismissals).</summary>
    public const string Offer = "offer-events";
}
