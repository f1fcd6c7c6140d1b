using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// SERVING while the silo is active. (The event log is opened and replayed before the gRPC endpoints
/// listen, so nothing is answered before it is ready.)
/// </summary>
public sealed class EngineHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"silo is {status}"));
    }
}
