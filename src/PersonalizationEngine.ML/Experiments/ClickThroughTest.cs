using PersonalizationEngine.ML.Offers;

namespace PersonalizationEngine.ML.Experiments;

/// <summary>
/// Comparing two arms' click-through rates (clicks per item shown): the 95% Wilson interval of each, the
/// posterior probability that the challenger's rate is higher (independent Beta(1 + clicks, 1 + misses)
/// posteriors, by Monte Carlo with a fixed seed, so the same counts always give the same answer), and the
/// stopping rule: decide once each arm has shown enough items and that probability is at least
/// <see cref="Confidence"/> either way.
/// </summary>
public static class ClickThroughTest
{
    public const double Confidence = 0.95;
    public const string ChallengerBetter = "challenger better";
    public const string ControlBetter = "control better";
    public const string KeepRunning = "keep running";

    private const int Draws = 20_000;
    private const double Z95 = 1.959964;

    /// <summary>The 95% Wilson score interval of a rate; (0, 1) before the first trial.</summary>
    public static (double Low, double High) WilsonInterval(long successes, long trials)
    {
        if (trials <= 0) return (0, 1);
        var p = (double)successes / trials;
        var z2 = Z95 * Z95;
        var centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
        var half = Z95 * Math.Sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / (1 + z2 / trials);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    public static double ProbabilityChallengerBetter(long controlClicks, long controlItems, long challengerClicks, long challengerItems)
    {
        var control = BetaPosterior.FromOutcomes(controlItems, controlClicks);
        var challenger = BetaPosterior.FromOutcomes(challengerItems, challengerClicks);
        var random = new Random(17);
        var better = 0;
        for (var i = 0; i < Draws; i++)
        {
            if (challenger.Sample(random) > control.Sample(random)) better++;
        }
        return (double)better / Draws;
    }

    public static string Decide(double probabilityChallengerBetter, long controlItems, long challengerItems, long minItemsPerArm)
    {
        if (controlItems < minItemsPerArm || challengerItems < minItemsPerArm) return KeepRunning;
        if (probabilityChallengerBetter >= Confidence) return ChallengerBetter;
        return probabilityChallengerBetter <= 1 - Confidence ? ControlBetter : KeepRunning;
    }
}
