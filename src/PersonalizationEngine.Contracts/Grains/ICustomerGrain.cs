using Orleans.Concurrency;
using PersonalizationEngine.Contracts.Customers;
using PersonalizationEngine.Contracts.Experiments;

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

    /// <summary>
    /// Drops the co-interactions the customer kept until the checkpoint passed them; asked once the customer
    /// has been idle (its next delivery would do the same).
    /// </summary>
    Task ForgetCheckpointedLinksAsync();

    /// <summary>Recommendation lists shown to the customer, oldest first (kept, bounded, for purchases attributed without their id).</summary>
    [OneWay]
    Task RecordServedAsync(ServedList[] lists);

    /// <summary>Erases everything the grain holds about the customer and writes the empty state (ForgetCustomer).</summary>
    Task ForgetAsync();
}
