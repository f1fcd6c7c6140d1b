namespace PersonalizationEngine.ML.Offers;

/// <summary>
/// A ranked offer: the acceptance probability used (a posterior draw for Thompson sampling), expected
/// value = probability × value, and whether it was picked to explore (greedy on posterior means would
/// not have shown it in this slot's list).
/// </summary>
public sealed record OfferPick(string OfferId, double AcceptanceProbability, double ExpectedValue, bool Exploration);
