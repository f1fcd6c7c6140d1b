using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;

namespace PersonalizationEngine.Grains.Projection;

/// <summary>
/// A grain whose state is a projection of its entity's events, delivered by the host in batches
/// (<see cref="IEventProjectionGrain"/>): each event is applied once, in log order, and the state is
/// written shortly after it changes (write-behind) and when the grain deactivates. With no write delay the
/// state is written before a delivery returns (write-through), so the caller knows the events are durable.
/// </summary>
public abstract class EventProjectionGrain<TState>(IPersistentState<TState> state, IEventProjectionProgress progress, TimeSpan writeDelay)
    : Grain, IEventProjectionGrain
    where TState : class, IProjectedState
{
    private readonly bool _writeThrough = writeDelay == TimeSpan.Zero;
    private WriteBehindState? _writer;

    protected TState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new WriteBehindState(this, state, progress, writeDelay);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writer!.WriteAsync();

    public Task ApplyEventsAsync(TrackedEvent[] events)
    {
        foreach (var e in events)
        {
            if (e.Sequence <= state.State.LastAppliedSequence)
            {
                // A replay of an event this state already holds.
                progress.Persisted([e.Sequence]);
                continue;
            }
            state.State.LastAppliedSequence = e.Sequence;
            Apply(e);
            _writer!.Changed(e.Sequence);
        }
        return _writeThrough ? _writer!.WriteAsync() : Task.CompletedTask;
    }

    /// <summary>Applies an event to <see cref="State"/>. Runs once per event, in log order.</summary>
    protected abstract void Apply(TrackedEvent e);

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
}
