using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace PersonalizationEngine.Server.Configuration;

/// <summary>Checks that need more than one field or more than an attribute can say.</summary>
public sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        var failures = new List<string>();
        var context = new ValidationContext(options);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, context, results, validateAllProperties: true))
            failures.AddRange(results.Select(r => $"Engine:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        if (!IPAddress.TryParse(options.ListenAddress, out _))
            failures.Add($"Engine:ListenAddress: '{options.ListenAddress}' is not an IP address");
        var ports = new[] { options.GrpcPort, options.DashboardPort, options.SiloPort, options.GatewayPort }.Where(p => p != 0).ToArray();
        if (ports.Distinct().Count() != ports.Length)
            failures.Add("Engine:GrpcPort, DashboardPort, SiloPort and GatewayPort must all differ");
        if (options.PrimarySiloPort == options.SiloPort)
            failures.Add("Engine:PrimarySiloPort: a silo cannot join itself; leave it 0 for the primary silo");
        failures.AddRange(AuthFailures(options));
        failures.AddRange(TracingFailures(options.Tracing));
        if (options.GrainStorage == "Redis" && options.Redis.Length == 0) failures.Add("Engine:GrainStorage: Redis needs Engine:Redis (a connection string)");
        if (options.Kubernetes && options.Redis.Length == 0) failures.Add("Engine:Kubernetes: needs Engine:Redis (the cluster's membership)");
        if (options.SharedLog && options.GrainStorage != "Redis")
            failures.Add("Engine:Postgres: the shared event log needs GrainStorage=Redis, so a grain's state is the same on whichever silo it activates");
        if (!IPAddress.TryParse(options.AdvertisedAddress, out _)) failures.Add($"Engine:AdvertisedAddress: '{options.AdvertisedAddress}' is not an IP address");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> TracingFailures(TracingOptions tracing)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(tracing, new ValidationContext(tracing), results, validateAllProperties: true);
        foreach (var result in results) yield return $"Engine:Tracing:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}";
        if (tracing.Enabled && !(Uri.TryCreate(tracing.OtlpEndpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
            yield return $"Engine:Tracing:OtlpEndpoint: '{tracing.OtlpEndpoint}' is not an http:// or https:// URL";
    }

    private static IEnumerable<string> AuthFailures(EngineOptions options)
    {
        var auth = options.Auth;
        if (!auth.Enabled && !auth.AllowAnonymousOnNetwork && IPAddress.TryParse(options.ListenAddress, out var address) && !IPAddress.IsLoopback(address))
            yield return $"Engine:Auth: listening on {options.ListenAddress} needs Engine:Auth:ApiKeys or Engine:Auth:Jwt " +
                         "(or Engine:Auth:AllowAnonymousOnNetwork=true on a network that is private by other means)";
        for (var i = 0; i < auth.ApiKeys.Count; i++)
        {
            var key = auth.ApiKeys[i];
            if (string.IsNullOrWhiteSpace(key.Name)) yield return $"Engine:Auth:ApiKeys:{i}:Name: must not be empty";
            if (key.Key.Length < 16) yield return $"Engine:Auth:ApiKeys:{i}:Key: must be at least 16 characters";
            if (key.Scopes.Count == 0) yield return $"Engine:Auth:ApiKeys:{i}:Scopes: name at least one of {string.Join(", ", Security.Scopes.All)}";
            foreach (var scope in key.Scopes.Where(s => !Security.Scopes.All.Contains(s)))
                yield return $"Engine:Auth:ApiKeys:{i}:Scopes: unknown scope '{scope}' (one of {string.Join(", ", Security.Scopes.All)})";
            if (key.RequestsPerSecond < 0) yield return $"Engine:Auth:ApiKeys:{i}:RequestsPerSecond: must not be negative";
        }
        if (auth.ApiKeys.Select(k => k.Key).Distinct().Count() != auth.ApiKeys.Count) yield return "Engine:Auth:ApiKeys: two keys are the same";
        if (auth.ApiKeys.Select(k => k.Name).Distinct().Count() != auth.ApiKeys.Count) yield return "Engine:Auth:ApiKeys: two keys have the same name";
        if (auth.Jwt.SigningKey.Length > 0 && !IsKeyOfAtLeast32Bytes(auth.Jwt.SigningKey))
            yield return "Engine:Auth:Jwt:SigningKey: must be base64 of at least 32 bytes";
        if (auth.Jwt.RequestsPerSecond < 0) yield return "Engine:Auth:Jwt:RequestsPerSecond: must not be negative";
        if (options.TlsCertificatePath.Length > 0 && !File.Exists(options.TlsCertificatePath))
            yield return $"Engine:TlsCertificatePath: no file at {options.TlsCertificatePath}";
    }

    private static bool IsKeyOfAtLeast32Bytes(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var length) && length >= 32;
    }
}
