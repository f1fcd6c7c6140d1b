using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// A mobile app screen: asks which offers to show, reports an impression of each, and the customer
/// accepts the first one time in ten and dismisses it one time in five.
/// </summary>
public static class MobileOffers
{
    public static async Task RunAsync(StepContext step)
    {
        var customer = step.Ids.Customer(step.Random);
        var offers = await Requests.OffersAsync(step, customer);
        if (offers.Offers.Count == 0) return;
        var outcomes = new TrackRequest();
        outcomes.Events.AddRange(offers.Offers.Select(o => LoadEvents.OfferOutcome(customer, o.OfferId, EventType.OfferImpression)));
        var roll = step.Random.NextDouble();
        if (roll < 0.3)
            outcomes.Events.Add(LoadEvents.OfferOutcome(customer, offers.Offers[0].OfferId, roll < 0.1 ? EventType.OfferAccepted : EventType.OfferDismissed));
        await step.TrackAsync(outcomes);
    }
}
