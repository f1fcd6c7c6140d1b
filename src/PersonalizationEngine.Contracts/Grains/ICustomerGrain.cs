using Orleans.Concurrency;
using PersonalizationEngine.Contracts.Customers;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>
/// One per customer, keyed by customer id. Receives the customer's events through an implicit stream
/// subscription (<see cref="Events.StreamNamespaces.Customer"/>).
/// </summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<CustomerProfile> GetProfileAsync();

    /// <summary>How many times each offer was shown to the customer (offer impression events), for frequency caps.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyDictionary<string, int>> GetOfferImpressionsAsync();
}
