namespace PersonalizationEngine.Storage.Checkpoints;

/// <summary>
/// The event-log position up to which all grain state is durable: on start-up (or when a silo takes over
/// the projection) everything after it is replayed to the grains. It only moves forward.
/// </summary>
public interface IProjectionCheckpoint
{
    long Read();

    void Write(long sequence);
}
