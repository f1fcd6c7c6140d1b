namespace PersonalizationEngine.Storage.EventLog;

/// <summary>Where the log lives and how it is cut into segments.</summary>
public sealed record EventLogOptions(
    string Directory,
    long SegmentBytes = 64L * 1024 * 1024,
    int DeduplicationWindow = 5_000_000);
