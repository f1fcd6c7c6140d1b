using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.LoadTests;

/// <summary>Scenarios of one read request each.</summary>
public static class Requests
{
    public static Task RecommendAsync(StepContext step) => RecommendAsync(step, prefetch: false);

    /// <summary>Recommend as a prefetch: the same list, not recorded as an impression (what recording one costs is the difference).</summary>
    public static Task RecommendPrefetchAsync(StepContext step) => RecommendAsync(step, prefetch: true);

    private static Task RecommendAsync(StepContext step, bool prefetch) =>
        step.CallAsync("Recommend", c => c.Recommendations.RecommendAsync(
            new RecommendRequest { CustomerId = step.Ids.Customer(step.Random), Count = 10, Prefetch = prefetch }).ResponseAsync);

    /// <summary>Recommend, and in one step of ten GetModelStatus as well (what an operator's dashboard polls).</summary>
    public static async Task RecommendAndStatusAsync(StepContext step)
    {
        await RecommendAsync(step);
        if (step.Random.Next(10) == 0) await step.CallAsync("GetModelStatus", c => c.Admin.GetModelStatusAsync(new GetModelStatusRequest()).ResponseAsync);
    }

    public static Task SimilarAsync(StepContext step) =>
        step.CallAsync("SimilarProducts", c => c.Recommendations.SimilarProductsAsync(new SimilarProductsRequest { ProductId = step.Ids.Product(step.Random), Count = 10 }).ResponseAsync);

    public static Task PropensityAsync(StepContext step)
    {
        var request = new PurchasePropensityRequest { CustomerId = step.Ids.Customer(step.Random) };
        request.ProductIds.AddRange(Enumerable.Range(0, step.Settings.Batch).Select(_ => step.Ids.Product(step.Random)).Distinct());
        return step.CallAsync("GetPurchasePropensity", c => c.Propensity.GetPurchasePropensityAsync(request).ResponseAsync);
    }

    public static Task ChurnAsync(StepContext step) =>
        step.CallAsync("GetChurnRisk", c => c.Propensity.GetChurnRiskAsync(new ChurnRiskRequest { CustomerId = step.Ids.Customer(step.Random) }).ResponseAsync);

    public static Task<PersonalizeOffersResponse> OffersAsync(StepContext step) => OffersAsync(step, step.Ids.Customer(step.Random));

    public static Task<PersonalizeOffersResponse> OffersAsync(StepContext step, string customer) =>
        step.CallAsync("PersonalizeOffers", c => c.Offers.PersonalizeOffersAsync(
            new PersonalizeOffersRequest { CustomerId = customer, Count = 3, Channel = step.Settings.Channel }).ResponseAsync);
}
