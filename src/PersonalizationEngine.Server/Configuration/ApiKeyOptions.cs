namespace PersonalizationEngine.Server.Configuration;

/// <summary>One API key: who holds it, the key itself, what it may do, and how fast.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Names the caller in logs and in rate limiting; never the key itself.</summary>
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>Any of "ingest", "read", "admin" (admin may do everything).</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Calls per second this key may make (a token bucket of one second's calls); 0 = no limit.</summary>
    public int RequestsPerSecond { get; set; }
}
