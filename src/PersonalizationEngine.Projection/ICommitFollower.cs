using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Projection;

/// <summary>
/// Another part of this silo that follows the log's commits (the live catalog): called with each group of
/// committed records, in sequence order, just before the projection's feed receives it.
/// </summary>
public interface ICommitFollower
{
    void OnCommitted(IReadOnlyList<LogRecord> records);
}
