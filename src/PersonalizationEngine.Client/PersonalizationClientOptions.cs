namespace PersonalizationEngine.Client;

/// <summary>How the client reaches the engine (configuration section "PersonalizationEngine", or code).</summary>
public sealed class PersonalizationClientOptions
{
    public const string Section = "PersonalizationEngine";

    /// <summary>
    /// The engine's gRPC addresses, e.g. "http://silo-1:5000". With several, calls are spread over them
    /// (round robin) and a retried call goes to the next one, so a silo that is down costs a retry.
    /// All must use the same scheme.
    /// </summary>
    public List<string> Addresses { get; set; } = ["http://127.0.0.1:5000"];

    /// <summary>Sent as the "x-api-key" header on every call; empty: none.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Sent as "authorization: Bearer ..." on every call; empty: none.</summary>
    public string BearerToken { get; set; } = "";

    /// <summary>The deadline of a call that does not set its own (covers all of its attempts); <see cref="Timeout.InfiniteTimeSpan"/>: none.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Attempts per call (1 = no retries) for calls that may be retried: every call except Retrain; events
    /// are safe to send twice (their event_id makes the second a duplicate) and upserts are idempotent.
    /// </summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Backoff before the first retry; doubled each time (with jitter), up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(2);
}
