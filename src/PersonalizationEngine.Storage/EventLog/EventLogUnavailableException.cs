namespace PersonalizationEngine.Storage.EventLog;

/// <summary>The log could not commit an append and nothing of it was written: the caller may retry it (the engine answers UNAVAILABLE).</summary>
public sealed class EventLogUnavailableException(string message, Exception inner) : IOException(message, inner);
