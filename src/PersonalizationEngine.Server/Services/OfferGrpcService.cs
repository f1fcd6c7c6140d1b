using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Serving;
using static PersonalizationEngine.Server.Ingestion.RequestValidation;

namespace PersonalizationEngine.Server.Services;

/// <summary>OfferService: PersonalizeOffers. An unknown customer gets offers too (no impressions yet, so no cap reached).</summary>
public sealed class OfferGrpcService(OfferPersonalizer personalizer, IOptions<EngineOptions> options) : OfferService.OfferServiceBase
{
    private readonly EngineOptions _options = options.Value;

    public override async Task<PersonalizeOffersResponse> PersonalizeOffers(PersonalizeOffersRequest request, ServerCallContext context)
    {
        var customerId = RequireId(request.CustomerId, "customer_id", _options.MaxIdLength);
        var count = RequireCount(request.Count, "count", _options.MaxRecommendCount);
        var channel = OptionalId(request.Channel, "channel", _options.MaxIdLength);
        var picks = await personalizer.PersonalizeAsync(customerId, count, channel);
        var response = new PersonalizeOffersResponse();
        response.Offers.AddRange(picks.Select(p => new RankedOffer
        {
            OfferId = p.OfferId,
            ExpectedValue = p.ExpectedValue,
            AcceptanceProbability = p.AcceptanceProbability,
            Exploration = p.Exploration,
        }));
        return response;
    }
}
