using PersonalizationEngine.ML.Offers;

namespace PersonalizationEngine.ML.Tests;

public sealed class OfferBanditTests
{
    [Fact]
    public void The_posterior_learns_the_acceptance_rate_and_draws_around_it()
    {
        var posterior = BetaPosterior.Uniform;
        for (var i = 0; i < 1_000; i++) posterior = posterior.Observe(accepted: i % 10 == 0);
        var random = new Random(1);
        var draws = Enumerable.Range(0, 5_000).Select(_ => posterior.Sample(random)).ToArray();

        Assert.Equal(101.0 / 1_002, posterior.Mean, 12);
        Assert.Equal(0.1, draws.Average(), 2);
        // Beta(101, 901) has a standard deviation of about 0.0095.
        var deviation = Math.Sqrt(draws.Select(d => (d - draws.Average()) * (d - draws.Average())).Average());
        Assert.InRange(deviation, 0.008, 0.011);
    }

    [Fact]
    public void Outcome_counts_give_the_same_posterior_as_observing_each_impression()
    {
        var observed = BetaPosterior.Uniform;
        for (var i = 0; i < 50; i++) observed = observed.Observe(accepted: i < 7);

        Assert.Equal(observed, BetaPosterior.FromOutcomes(impressions: 50, accepted: 7));
        // An acceptance whose impression was never reported still counts as a success, never as a negative failure.
        Assert.Equal(new BetaPosterior(4, 1), BetaPosterior.FromOutcomes(impressions: 1, accepted: 3));
    }

    [Fact]
    public void Thompson_sampling_sometimes_shows_an_uncertain_weaker_offer_and_marks_it_as_exploration()
    {
        var known = new BetaPosterior(1 + 300, 1 + 700);
        var uncertain = new BetaPosterior(2, 8);
        var arms = new[] { new OfferArm("known", 1, known), new OfferArm("uncertain", 1, uncertain) };
        var random = new Random(7);

        var picks = Enumerable.Range(0, 1_000).Select(_ => OfferRanker.Rank(arms, 1, OfferPolicy.ThompsonSampling, random)[0]).ToList();

        // Beta(2, 8) (mean 0.2) draws above the known offer's 0.3 about 20% of the time.
        Assert.InRange(picks.Count(p => p.OfferId == "uncertain"), 120, 300);
        Assert.All(picks.Where(p => p.OfferId == "uncertain"), p => Assert.True(p.Exploration));
        Assert.All(picks.Where(p => p.OfferId == "known"), p => Assert.False(p.Exploration));
        Assert.All(picks, p => Assert.Equal(p.AcceptanceProbability * 1, p.ExpectedValue, 12));
    }

    [Fact]
    public void Over_many_impressions_Thompson_sampling_nears_the_oracle_with_sublinear_regret()
    {
        var thompson = OfferSimulation.Run(OfferSimulation.DefaultOffers, 100_000, OfferPolicy.ThompsonSampling, seed: 5);
        var random = OfferSimulation.Run(OfferSimulation.DefaultOffers, 100_000, OfferPolicy.UniformRandom, seed: 5);

        Assert.True(thompson.ShareOfOracle > 0.93, $"share {thompson.ShareOfOracle:P1}");
        Assert.True(thompson.Regret < random.Regret / 3);
        // Sublinear: the second half adds far less regret than the first (uniform random adds as much).
        var atHalf = thompson.RegretCurve.Last(p => p.Impressions <= 50_000).Regret;
        Assert.True(thompson.Regret - atHalf < 0.5 * atHalf, $"first half {atHalf:F0}, total {thompson.Regret:F0}");
    }
}
