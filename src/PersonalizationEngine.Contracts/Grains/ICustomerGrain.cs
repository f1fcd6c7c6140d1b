using Orleans.Concurrency;
using PersonalizationEngine.Contracts.Customers;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>
/// One per customer, keyed by customer id. Projects the customer's events (<see cref="IEventProjectionGrain"/>).
/// </summary>
public interface ICustomerGrain : IEventProjectionGrain
{
    [AlwaysInterleave]
    Task<CustomerProfile> GetProfileAsync();

    /// <summary>How many times each offer was shown to the customer (offer impression events), for frequency caps.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyDictionary<string, int>> GetOfferImpressionsAsync();

    /// <summary>Erases everything the grain holds about the customer and writes the empty state (ForgetCustomer).</summary>
    Task ForgetAsync();
}
