namespace PersonalizationEngine.Grains.Projection;

/// <summary>
/// Tells the host which events the grains have applied and persisted, so it knows from where to replay
/// the event log after a crash.
/// </summary>
public interface IEventProjectionProgress
{
    /// <summary>The events were published to <paramref name="deliveries"/> grains each.</summary>
    void Expect(long sequence, int deliveries);

    /// <summary>One more grain holds an effect of the event (applied ahead of the log order, or on behalf of another grain); it reports it persisted in turn.</summary>
    void ExpectAhead(long sequence, int deliveries);

    /// <summary>One grain applied these events and its state holding them is written.</summary>
    void Persisted(IReadOnlyCollection<long> sequences);

    /// <summary>
    /// The log position replays start after: no event at or below it is delivered again, so nothing sent
    /// on behalf of one (a co-interaction) is sent again either.
    /// </summary>
    long Checkpoint { get; }
}
