namespace PersonalizationEngine.LoadTests;

/// <summary>A site's traffic mix: each step is one of these scenarios' steps, drawn by weight.</summary>
public static class Mixed
{
    public static readonly IReadOnlyList<(double Weight, Func<StepContext, Task> Step)> Parts =
    [
        (0.60, Requests.RecommendAsync),
        (0.15, WebsiteSession.RunAsync),
        (0.10, Ingestion.TrackBatchAsync),
        (0.10, MobileOffers.RunAsync),
        (0.05, Requests.PropensityAsync),
    ];

    public static Task RunAsync(StepContext step) => Pick(step.Random.NextDouble())(step);

    /// <summary>The part whose cumulative weight first exceeds <paramref name="roll"/> (in [0, 1)).</summary>
    public static Func<StepContext, Task> Pick(double roll)
    {
        var cumulative = 0.0;
        foreach (var (weight, step) in Parts)
        {
            cumulative += weight;
            if (roll < cumulative) return step;
        }
        return Parts[^1].Step;
    }
}
