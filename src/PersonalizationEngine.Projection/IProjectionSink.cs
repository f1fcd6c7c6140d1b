using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Projection;

/// <summary>Where the <see cref="ProjectionFeed"/> hands log records, in log order: the stream publisher.</summary>
public interface IProjectionSink
{
    /// <summary>Deliveries queued and not yet handed on: the feed keeps it bounded.</summary>
    long Backlog { get; }

    /// <summary>Completes once <see cref="Backlog"/> is at most <paramref name="deliveries"/>.</summary>
    Task WhenBacklogAtMostAsync(long deliveries, CancellationToken cancellationToken);

    /// <param name="customerDelivered">The event already reached its customer grain (<see cref="TryExpedite"/>): deliver it to its product and offer only.</param>
    void Enqueue(TrackedEvent e, bool customerDelivered = false);

    /// <summary>From now on every committed event after <paramref name="sequence"/> is passed to <see cref="Observed"/>.</summary>
    void CountAfter(long sequence);

    /// <summary>A committed event (whether fed now or left in the log to be read back).</summary>
    void Observed(TrackedEvent e);

    /// <summary>
    /// Delivers an event to its customer grain now, ahead of the events before it in the log, when that
    /// keeps the customer's order: true when it did.
    /// </summary>
    bool TryExpedite(TrackedEvent e);

    /// <summary>A record that is not an event (a catalog or offer upsert) was passed.</summary>
    void Skip(long sequence);
}
