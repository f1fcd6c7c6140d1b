namespace PersonalizationEngine.Server.Configuration;

/// <summary>
/// JWT bearer tokens: either signed with a shared key (HS256, <see cref="SigningKey"/>) or issued by an
/// OpenID Connect provider whose keys are fetched from <see cref="Authority"/>.
/// </summary>
public sealed class JwtOptions
{
    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "";

    /// <summary>Base64 of a symmetric key of at least 32 bytes.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>An OpenID Connect issuer URL (its discovery document gives the signing keys).</summary>
    public string Authority { get; set; } = "";

    /// <summary>Calls per second per token subject; 0 = no limit.</summary>
    public int RequestsPerSecond { get; set; }

    public bool Enabled => SigningKey.Length > 0 || Authority.Length > 0;
}
