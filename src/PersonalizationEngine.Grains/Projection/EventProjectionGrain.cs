using Orleans.Runtime;
using Orleans.Streams;
using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Grains.Projection;

/// <summary>
/// A grain whose state is a projection of its own event stream (implicit subscription, keyed by the
/// grain's id): each event is applied once, in log order, and the state is written shortly after it
/// changes (write-behind) and when the grain deactivates.
/// </summary>
public abstract class EventProjectionGrain<TState>(
    IPersistentState<TState> state, IEventProjectionProgress progress, TimeSpan writeDelay, string streamNamespace)
    : Grain
    where TState : class, IProjectedState
{
    private WriteBehindState? _writer;

    protected TState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new WriteBehindState(this, state, progress, writeDelay);
        var stream = this.GetStreamProvider(StreamNamespaces.Provider)
            .GetStream<TrackedEvent>(StreamId.Create(streamNamespace, this.GetPrimaryKeyString()));
        await stream.SubscribeAsync((e, _) => ReceiveAsync(e));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writer!.WriteAsync();

    /// <summary>Applies an event to <see cref="State"/>. Runs once per event, in log order.</summary>
    protected abstract void Apply(TrackedEvent e);

    /// <summary>The state changed other than by an event of the stream; write it soon.</summary>
    protected void StateChanged() => _writer!.Changed();

    private Task ReceiveAsync(TrackedEvent e)
    {
        progress.Delivered();
        if (e.Sequence <= state.State.LastAppliedSequence)
        {
            // A replay of an event this state already holds.
            progress.Persisted([e.Sequence]);
            return Task.CompletedTask;
        }
        state.State.LastAppliedSequence = e.Sequence;
        Apply(e);
        _writer!.Changed(e.Sequence);
        return Task.CompletedTask;
    }
}
