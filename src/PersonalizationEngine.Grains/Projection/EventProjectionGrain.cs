using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;

namespace PersonalizationEngine.Grains.Projection;

/// <summary>
/// A grain whose state is a projection of its entity's events, delivered by the host in batches
/// (<see cref="IEventProjectionGrain"/>): each event is applied once, in log order, and the state is
/// written shortly after it changes (write-behind) and when the grain deactivates. With no write delay the
/// state is written before a delivery returns (write-through), so the caller knows the events are durable.
/// An event whose effects on other grains are still being sent (<see cref="Holds"/>) is not reported as
/// persisted until they are (<see cref="Released"/>), so the log is never checkpointed past it meanwhile.
/// </summary>
public abstract class EventProjectionGrain<TState>(IPersistentState<TState> state, IEventProjectionProgress progress, TimeSpan writeDelay)
    : Grain, IEventProjectionGrain
    where TState : class, IProjectedState
{
    private readonly bool _writeThrough = writeDelay == TimeSpan.Zero;
    private WriteBehindState? _writer;

    protected TState State => state.State;

    protected IEventProjectionProgress Progress => progress;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new WriteBehindState(this, state, progress, writeDelay, Holds);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writer!.WriteAsync();

    public async Task ApplyEventsAsync(TrackedEvent[] events)
    {
        foreach (var e in events)
        {
            if (e.Sequence <= state.State.LastAppliedSequence)
            {
                // A replay of an event this state already holds.
                _writer!.Replayed(e.Sequence);
                continue;
            }
            state.State.LastAppliedSequence = e.Sequence;
            Apply(e);
            _writer!.Changed(e.Sequence);
        }
        await AfterApplyAsync();
        if (_writeThrough) await _writer!.WriteAsync();
    }

    /// <summary>Applies an event to <see cref="State"/>. Runs once per event, in log order.</summary>
    protected abstract void Apply(TrackedEvent e);

    /// <summary>After each delivery, before it returns: sends what the events applied owe other grains. A failure fails the delivery, which is retried.</summary>
    protected virtual Task AfterApplyAsync() => Task.CompletedTask;

    /// <summary>Whether the event at <paramref name="sequence"/> still has effects to send: its persistence is not reported until <see cref="Released"/>.</summary>
    protected virtual bool Holds(long sequence) => false;

    /// <summary>The event's effects on other grains are sent and durable there: it may be reported once written.</summary>
    protected void Released(long sequence) => _writer!.Released(sequence);

    /// <summary>
    /// Replaces the state with <paramref name="empty"/> and writes it now. The position in the log is kept,
    /// so events this grain already applied (and any replay of them) are not applied again.
    /// </summary>
    protected async Task ResetAsync(TState empty)
    {
        empty.LastAppliedSequence = state.State.LastAppliedSequence;
        state.State = empty;
        _writer!.Changed();
        await _writer.WriteAsync();
    }

    /// <summary>The state changed other than by an event; write it soon.</summary>
    protected void StateChanged() => _writer!.Changed();

    /// <summary>The state changed other than by an event, in a way that may wait for the next write (or deactivation), and is lost by a crash before it.</summary>
    protected void StateChangedLazily() => _writer!.ChangedLazily();

    /// <summary>
    /// The state changed on behalf of the event at <paramref name="sequence"/>, delivered by another grain
    /// rather than by the projection: the checkpoint is held before it until this state is written. With
    /// a tracker on this silo (write-behind) it is expected here and reported by the next write; with
    /// write-through (the shared log, where each delivery is confirmed once it returns) the caller writes
    /// before returning (<see cref="WrittenIfWriteThroughAsync"/>).
    /// </summary>
    protected void ChangedOnBehalfOf(long sequence)
    {
        if (!_writeThrough) progress.ExpectAhead(sequence, 1);
        _writer!.Changed(sequence);
    }

    /// <summary>With write-through, writes what changed before the call that changed it returns.</summary>
    protected Task WrittenIfWriteThroughAsync() => _writeThrough ? _writer!.WriteAsync() : Task.CompletedTask;
}
