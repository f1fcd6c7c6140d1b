namespace PersonalizationEngine.LoadTests;

/// <summary>What scenarios read from the command line.</summary>
public sealed record ScenarioSettings
{
    /// <summary>Events per Track / TrackStream call; products per propensity call.</summary>
    public int Batch { get; init; } = 100;

    /// <summary>A simulated user's pause between actions (website-session).</summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The channel offers are asked for.</summary>
    public string Channel { get; init; } = "app";

    /// <summary>How long the freshness scenario waits for an event to show before counting it as not reflected.</summary>
    public TimeSpan FreshnessTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
