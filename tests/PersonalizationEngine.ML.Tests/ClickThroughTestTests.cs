using PersonalizationEngine.ML.Experiments;

namespace PersonalizationEngine.ML.Tests;

public sealed class ClickThroughTestTests
{
    [Fact]
    public void The_wilson_interval_matches_its_formula_and_stays_inside_0_and_1()
    {
        // 10 of 100: the Wilson 95% interval is (0.0552, 0.1744).
        var (low, high) = ClickThroughTest.WilsonInterval(10, 100);
        var (noneLow, noneHigh) = ClickThroughTest.WilsonInterval(0, 50);

        Assert.Equal(0.0552, low, 4);
        Assert.Equal(0.1744, high, 4);
        Assert.Equal(0, noneLow);
        Assert.InRange(noneHigh, 0.05, 0.08);
        Assert.Equal((0.0, 1.0), ClickThroughTest.WilsonInterval(0, 0));
    }

    [Fact]
    public void The_probability_that_the_challenger_is_better_follows_the_evidence_and_is_symmetric()
    {
        var clearlyBetter = ClickThroughTest.ProbabilityChallengerBetter(100, 5_000, 160, 5_000);
        var clearlyWorse = ClickThroughTest.ProbabilityChallengerBetter(160, 5_000, 100, 5_000);
        var equal = ClickThroughTest.ProbabilityChallengerBetter(120, 5_000, 120, 5_000);

        Assert.True(clearlyBetter > 0.99, $"{clearlyBetter}");
        Assert.Equal(1, clearlyBetter + clearlyWorse, 2);
        Assert.InRange(equal, 0.45, 0.55);
    }

    [Fact]
    public void The_stopping_rule_waits_for_enough_items_in_each_arm_then_names_the_better_arm()
    {
        Assert.Equal(ClickThroughTest.KeepRunning, ClickThroughTest.Decide(0.999, 1_999, 5_000, 2_000));
        Assert.Equal(ClickThroughTest.ChallengerBetter, ClickThroughTest.Decide(0.96, 2_000, 2_000, 2_000));
        Assert.Equal(ClickThroughTest.ControlBetter, ClickThroughTest.Decide(0.03, 2_000, 2_000, 2_000));
        Assert.Equal(ClickThroughTest.KeepRunning, ClickThroughTest.Decide(0.5, 9_000, 9_000, 2_000));
    }
}
