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
}
