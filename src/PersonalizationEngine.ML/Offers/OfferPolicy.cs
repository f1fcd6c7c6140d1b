namespace PersonalizationEngine.ML.Offers;

/// <summary>How offers are ranked: Thompson sampling (serving), or greedy and uniform random (the simulation's comparisons).</summary>
public enum OfferPolicy
{
    ThompsonSampling,
    Greedy,
    UniformRandom,
}
