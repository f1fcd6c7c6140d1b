using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Storage.EventLog;

/// <summary>
/// The outcome of an append: the events now durable in the log (with their sequence numbers) and how many
/// were retries of events accepted before; for an erasure, how many events it erased and the position it
/// was ordered at.
/// </summary>
public sealed record AppendResult(IReadOnlyList<TrackedEvent> Appended, int Duplicates, int Erased = 0, long ErasedThrough = 0)
{
    public Erasure AsErasure() => new(Erased, ErasedThrough);
}
