namespace PersonalizationEngine.Projection;

/// <summary>How this silo projects the log to the grains; the host derives it from its own configuration.</summary>
/// <param name="Postgres">
/// The shared log's PostgreSQL connection string; empty when the silo has a log of its own. With the shared
/// log one silo at a time projects (<see cref="ProjectionLease"/>), the grains write through, and the
/// publisher counts each delivery that returned.
/// </param>
/// <param name="CheckpointPath">The checkpoint file of a silo with its own log; null when grain state is not durable (the whole log is replayed every start).</param>
public sealed record ProjectionSettings(string Postgres, string? CheckpointPath)
{
    public bool SharedLog => Postgres.Length > 0;

    /// <summary>
    /// Grain calls of the projection running at once, over all lanes. With a log of its own the grains write
    /// behind, so a delivery is CPU work: two per core keep the cores busy, and more only queue in front of
    /// requests' work (a bulk load projects no faster with 64, and every request waits behind the queue).
    /// With the shared log a delivery also waits on PostgreSQL's write, so many run at once.
    /// </summary>
    public int ConcurrentCalls => SharedLog ? 64 : 2 * Environment.ProcessorCount;

    /// <summary>Grain state survives a restart, so a checkpoint is kept and replays start after it.</summary>
    public bool Checkpointed => SharedLog || CheckpointPath is not null;
}
