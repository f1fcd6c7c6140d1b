namespace PersonalizationEngine.Projection.Tests;

/// <summary>How many grain calls the projection keeps running at once, by where the grains write their state.</summary>
public sealed class ProjectionSettingsTests
{
    [Fact]
    public void A_silo_with_its_own_log_runs_a_few_deliveries_per_core_and_the_shared_log_many()
    {
        var own = new ProjectionSettings(Postgres: "", CheckpointPath: "checkpoint");
        var shared = new ProjectionSettings(Postgres: "Host=db", CheckpointPath: null);

        Assert.Equal(2 * Environment.ProcessorCount, own.ConcurrentCalls);
        Assert.Equal(64, shared.ConcurrentCalls);
    }
}
