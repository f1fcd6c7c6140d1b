using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// Event-to-effect freshness: takes the customer's top recommendation, tracks a purchase of it, and from
/// the moment the Track is acknowledged asks Recommend again until the product is left out (bought
/// products are excluded), recording that time as "freshness". A purchase that has not shown within the
/// timeout is recorded as NotReflected, a failure.
/// </summary>
public static class Freshness
{
    public const string Operation = "freshness";
    public const string NotReflected = "NotReflected";

    public static async Task RunAsync(StepContext step)
    {
        var customer = step.Ids.Customer(step.Random);
        var before = await RecommendAsync(step, customer);
        if (before.Items.Count == 0) return;
        var bought = before.Items[0].ProductId;
        var purchase = new TrackRequest { Events = { LoadEvents.Of(customer, bought, EventType.Purchase, 20) } };
        await step.TrackAsync(purchase);
        var acknowledged = step.Elapsed;
        while (step.Elapsed - acknowledged < step.Settings.FreshnessTimeout)
        {
            var after = await RecommendAsync(step, customer);
            if (after.Items.All(i => i.ProductId != bought))
            {
                step.Record(Operation, step.Elapsed - acknowledged);
                return;
            }
        }
        step.Record(Operation, step.Elapsed - acknowledged, NotReflected);
    }

    private static Task<RecommendResponse> RecommendAsync(StepContext step, string customer) =>
        step.CallAsync("Recommend", c => c.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = customer, Count = 10 }).ResponseAsync);
}
