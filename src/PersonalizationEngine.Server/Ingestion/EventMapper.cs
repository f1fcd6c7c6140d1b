using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Serving;
using static PersonalizationEngine.Server.Ingestion.RequestValidation;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>Validates an API event and turns it into the event the log stores.</summary>
public sealed class EventMapper(IOptions<EngineOptions> options, LiveOffers offers, TimeProvider time)
{
    /// <summary>Clock skew tolerated; an event further in the future would distort time-decayed scores.</summary>
    private static readonly TimeSpan MaxFutureSkew = TimeSpan.FromDays(1);

    private readonly EngineOptions _options = options.Value;

    /// <param name="field">How the event is named in error messages, e.g. "events[3]".</param>
    public TrackedEvent ToTracked(Event e, string field)
    {
        var type = ToInteractionType(e.Type, $"{field}.type");
        var customerId = RequireId(e.CustomerId, $"{field}.customer_id", _options.MaxIdLength);
        var eventId = RequireId(e.EventId, $"{field}.event_id", _options.MaxIdLength);
        var productId = type.IsProductEvent()
            ? RequireId(e.ProductId, $"{field}.product_id", _options.MaxIdLength)
            : OptionalId(e.ProductId, $"{field}.product_id", _options.MaxIdLength);
        var offerId = type.IsOfferEvent()
            ? RequireId(e.OfferId, $"{field}.offer_id", _options.MaxIdLength)
            : OptionalId(e.OfferId, $"{field}.offer_id", _options.MaxIdLength);
        // An outcome of an offer nobody defined would train a posterior no request can use: refuse it.
        if (type.IsOfferEvent() && offers.Get(offerId!) is null) throw Invalid($"{field}.offer_id", $"unknown offer '{offerId}' (upsert it with CatalogService.UpsertOffers first)");
        RequireText(e.Text, $"{field}.text", _options.MaxTextLength);
        var value = RequireFinite(e.Value, $"{field}.value");
        if (type is InteractionType.Rating or InteractionType.Review && value is < 0 or > 5) throw Invalid($"{field}.value", $"a {(type == InteractionType.Rating ? "rating" : "review's rating")} must be between 0 and 5");
        if (type == InteractionType.Review && string.IsNullOrWhiteSpace(e.Text)) throw Invalid($"{field}.text", "a review needs its text");
        foreach (var (key, contextValue) in e.Context)
        {
            RequireId(key, $"{field}.context key", _options.MaxIdLength);
            RequireText(contextValue, $"{field}.context[{key}]", _options.MaxIdLength);
        }
        if (type is InteractionType.Purchase or InteractionType.Return && e.Context.TryGetValue(SalesUnits.QuantityKey, out var quantity) && !SalesUnits.TryParseQuantity(quantity, out _))
            throw Invalid($"{field}.context[{SalesUnits.QuantityKey}]", $"must be a positive number of units, got '{quantity}'");
        var occurredAt = e.OccurredAt is null ? time.GetUtcNow() : ToTime(e.OccurredAt, $"{field}.occurred_at");
        return new TrackedEvent(0, eventId, customerId, productId, type, occurredAt, value,
            string.IsNullOrEmpty(e.Text) ? null : e.Text, offerId,
            e.Context.Count == 0 ? null : new Dictionary<string, string>(e.Context),
            RecommendationIdOf(e.RecommendationId, type, $"{field}.recommendation_id"));
    }

    /// <summary>A served list's id, on an event that can come from a list (a click, add-to-cart or purchase).</summary>
    private string? RecommendationIdOf(string id, InteractionType type, string field)
    {
        if (string.IsNullOrEmpty(id)) return null;
        if (type is not (InteractionType.Click or InteractionType.AddToCart or InteractionType.Purchase))
            throw Invalid(field, "only a click, add_to_cart or purchase can name the list it came from");
        if (id.Length > _options.MaxIdLength || !RecommendationIds.TryParse(id, out _))
            throw Invalid(field, "is not a recommendation_id the engine served (copy it from RecommendResponse or SimilarProductsResponse)");
        return id;
    }

    private static InteractionType ToInteractionType(EventType type, string field) => type switch
    {
        EventType.View => InteractionType.View,
        EventType.Click => InteractionType.Click,
        EventType.AddToCart => InteractionType.AddToCart,
        EventType.Purchase => InteractionType.Purchase,
        EventType.Rating => InteractionType.Rating,
        EventType.Review => InteractionType.Review,
        EventType.OfferImpression => InteractionType.OfferImpression,
        EventType.OfferAccepted => InteractionType.OfferAccepted,
        EventType.OfferDismissed => InteractionType.OfferDismissed,
        EventType.Return => InteractionType.Return,
        _ => throw Invalid(field, $"unknown event type {(int)type}"),
    };

    private DateTimeOffset ToTime(Google.Protobuf.WellKnownTypes.Timestamp timestamp, string field)
    {
        var at = RequireTime(timestamp, field);
        if (at > time.GetUtcNow() + MaxFutureSkew) throw Invalid(field, $"is more than {MaxFutureSkew.TotalHours:F0} hours in the future");
        return at;
    }
}
