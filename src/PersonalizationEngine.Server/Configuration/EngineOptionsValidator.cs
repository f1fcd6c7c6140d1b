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
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
