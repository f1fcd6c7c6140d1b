using Orleans.Concurrency;
using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.Grains.Customers;

/// <summary>
/// The customer grain's activity for the propensity and churn features. Declared here rather than in
/// Contracts because the activity type belongs to the Orleans-free ML project.
/// </summary>
public interface ICustomerActivityGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<CustomerActivity> GetActivityAsync();
}
