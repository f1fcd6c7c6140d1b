namespace PersonalizationEngine.ML.Offers;

/// <summary>
/// Offers with known true acceptance rates shown one at a time: each impression the policy picks one
/// offer, the customer accepts with the offer's true rate, and the posterior learns from it. Reward is
/// the value of accepted offers; regret is what always showing the best offer (the oracle, highest
/// rate × value) would have earned in expectation minus the expected value of the offers shown.
/// </summary>
public static class OfferSimulation
{
    public sealed record Offer(string OfferId, double TrueRate, double Value);

    /// <param name="Reward">Value of the offers actually accepted (noisy).</param>
    /// <param name="OracleReward">Expected value of always showing the best offer.</param>
    public sealed record Result(OfferPolicy Policy, double Reward, double OracleReward, IReadOnlyList<(int Impressions, double Regret)> RegretCurve)
    {
        /// <summary>Expected value of the offers shown over the oracle's (free of the acceptance coin flips' noise).</summary>
        public double ShareOfOracle => (OracleReward - Regret) / OracleReward;
        public double Regret => RegretCurve[^1].Regret;
    }

    /// <summary>The default scenario: ten offers whose best expected value is close to the runner-up's.</summary>
    public static IReadOnlyList<Offer> DefaultOffers { get; } =
    [
        new("free-shipping", 0.12, 1.0), new("ten-percent", 0.08, 2.0), new("bundle", 0.05, 3.0), new("vip-upgrade", 0.02, 9.0),
        new("gift-card", 0.04, 4.0), new("loyalty-points", 0.10, 1.5), new("flash-sale", 0.06, 2.5), new("cross-sell", 0.03, 4.0),
        new("reactivation", 0.015, 8.0), new("newsletter", 0.2, 0.5),
    ];

    public static Result Run(IReadOnlyList<Offer> offers, int impressions, OfferPolicy policy, int seed, int curvePoints = 50)
    {
        var choose = new Random(seed);
        var world = new Random(seed + 1);
        var posteriors = offers.ToDictionary(o => o.OfferId, _ => BetaPosterior.Uniform, StringComparer.Ordinal);
        var byId = offers.ToDictionary(o => o.OfferId, StringComparer.Ordinal);
        var best = offers.Max(o => o.TrueRate * o.Value);
        double reward = 0, regret = 0;
        var curve = new List<(int, double)>();
        var every = Math.Max(1, impressions / curvePoints);
        for (var i = 1; i <= impressions; i++)
        {
            var arms = offers.Select(o => new OfferArm(o.OfferId, o.Value, posteriors[o.OfferId])).ToList();
            var shown = byId[OfferRanker.Rank(arms, 1, policy, choose)[0].OfferId];
            var accepted = world.NextDouble() < shown.TrueRate;
            if (accepted) reward += shown.Value;
            regret += best - shown.TrueRate * shown.Value;
            posteriors[shown.OfferId] = posteriors[shown.OfferId].Observe(accepted);
            if (i % every == 0 || i == impressions) curve.Add((i, regret));
        }
        return new Result(policy, reward, best * impressions, curve);
    }
}
