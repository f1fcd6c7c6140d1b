using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// A shopper on a web site: views a product (tracked), gets recommendations next to it, thinks, adds it
/// to the cart, thinks, and buys it one time in three, then sees a fresh list. Each call is recorded
/// under its own name.
/// </summary>
public static class WebsiteSession
{
    public static async Task RunAsync(StepContext step)
    {
        var customer = step.Ids.Customer(step.Random);
        var product = step.Ids.Product(step.Random);
        await TrackAsync(step, LoadEvents.Of(customer, product, EventType.View));
        await step.CallAsync("Recommend", c => c.Recommendations.RecommendAsync(
            new RecommendRequest { CustomerId = customer, Count = 10, ContextProductId = product }).ResponseAsync);
        await step.ThinkAsync(step.Settings.ThinkTime);
        await TrackAsync(step, LoadEvents.Of(customer, product, EventType.AddToCart));
        await step.ThinkAsync(step.Settings.ThinkTime);
        if (step.Random.Next(3) != 0) return;
        await TrackAsync(step, LoadEvents.Of(customer, product, EventType.Purchase, 10 + step.Random.Next(90)));
        await step.CallAsync("Recommend", c => c.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = customer, Count = 10 }).ResponseAsync);
    }

    private static Task TrackAsync(StepContext step, Event e)
    {
        var request = new TrackRequest { Events = { e } };
        return step.TrackAsync(request);
    }
}
