namespace PersonalizationEngine.Cli.Commands;

/// <summary>The command line is wrong: the message says how, and the tool exits with code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
