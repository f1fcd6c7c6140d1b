namespace PersonalizationEngine.LoadTests;

/// <summary>Bad command-line input: the tool prints the message and its usage, and exits 2.</summary>
public sealed class UsageException(string message) : Exception(message);
