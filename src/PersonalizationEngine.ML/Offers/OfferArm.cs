namespace PersonalizationEngine.ML.Offers;

/// <summary>An eligible offer as the bandit sees it: its value to the business and the belief about its acceptance rate.</summary>
public sealed record OfferArm(string OfferId, double Value, BetaPosterior Posterior);
