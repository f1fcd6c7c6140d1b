namespace PersonalizationEngine.LoadTests.Tests;

public sealed class ScenarioTests
{
    [Fact]
    public void Every_scenario_has_a_unique_name_and_is_found_by_it()
    {
        Assert.Equal(Scenario.All.Count, Scenario.All.Select(s => s.Name).Distinct().Count());
        foreach (var scenario in Scenario.All) Assert.Same(scenario, Scenario.Named(scenario.Name));
        Assert.Contains(Scenario.All, s => s.Name == "website-session");
        Assert.Contains(Scenario.All, s => s.Name == "freshness");
    }

    [Fact]
    public void Mixed_traffic_picks_each_part_by_its_weight()
    {
        Assert.Equal(1.0, Mixed.Parts.Sum(p => p.Weight), 1e-9);
        var random = new Random(7);
        var picks = Enumerable.Range(0, 100_000).Select(_ => Mixed.Pick(random.NextDouble())).ToList();

        foreach (var (weight, step) in Mixed.Parts)
            Assert.Equal(weight, picks.Count(p => p == step) / (double)picks.Count, 0.01);
        Assert.Same(Mixed.Parts[0].Step, Mixed.Pick(0));
        Assert.Same(Mixed.Parts[^1].Step, Mixed.Pick(0.999999));
    }

    [Fact]
    public void Customers_are_zipf_skewed_and_ids_follow_the_demo_shop()
    {
        var ids = new IdSpace(customers: 1_000, products: 50);
        var random = new Random(3);
        var draws = Enumerable.Range(0, 200_000).Select(_ => ids.CustomerIndex(random)).ToList();

        // Customer k is drawn in proportion to 1/k: the first with probability 1/H(1000) = 0.1336, the second half as often.
        var harmonic = Enumerable.Range(1, 1_000).Sum(k => 1.0 / k);
        Assert.Equal(1 / harmonic, draws.Count(i => i == 0) / (double)draws.Count, 0.005);
        Assert.Equal(0.5 / harmonic, draws.Count(i => i == 1) / (double)draws.Count, 0.005);
        Assert.All(draws, i => Assert.InRange(i, 0, 999));
        Assert.Equal(("C000001", "P00050"), (IdSpace.CustomerId(0), IdSpace.ProductId(49)));
        Assert.All(Enumerable.Range(0, 1_000).Select(_ => ids.Product(random)), p => Assert.InRange(int.Parse(p[1..]), 1, 50));
    }
}
