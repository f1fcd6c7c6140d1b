using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;

namespace PersonalizationEngine.LoadTests;

/// <summary>A named kind of request the tool sends; <see cref="Step"/> sends one, with ids drawn from the data set's id space.</summary>
public sealed record Scenario(string Name, string Description, Func<PersonalizationClient, IdSpace, Random, Task> Step)
{
    public static readonly IReadOnlyList<Scenario> All =
    [
        new("propensity", "GetPurchasePropensity for one customer and --batch products", async (client, ids, random) =>
        {
            var request = new PurchasePropensityRequest { CustomerId = ids.Customer(random) };
            request.ProductIds.AddRange(ids.Products(random));
            await client.Propensity.GetPurchasePropensityAsync(request);
        }),
        new("churn", "GetChurnRisk for one customer", async (client, ids, random) =>
            await client.Propensity.GetChurnRiskAsync(new ChurnRiskRequest { CustomerId = ids.Customer(random) })),
        new("recommend", "Recommend top-10 for one customer", async (client, ids, random) =>
            await client.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = ids.Customer(random), Count = 10 })),
        new("offers", "PersonalizeOffers (3) for one customer", async (client, ids, random) =>
            await client.Offers.PersonalizeOffersAsync(new PersonalizeOffersRequest { CustomerId = ids.Customer(random), Count = 3 })),
    ];

    public static Scenario Named(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"unknown scenario '{name}' (known: {string.Join(", ", All.Select(s => s.Name))})");
}
