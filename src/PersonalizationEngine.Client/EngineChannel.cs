using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PersonalizationEngine.Client;

/// <summary>
/// A gRPC channel to one or several engine addresses with gRPC's own retry policy (UNAVAILABLE and
/// RESOURCE_EXHAUSTED are retried with exponential backoff) and, for several addresses, round-robin
/// balancing over a static list, so a retry is sent to another silo.
/// </summary>
public static class EngineChannel
{
    private const string ApiPackage = "personalization.v1";

    public static GrpcChannel Create(PersonalizationClientOptions options)
    {
        if (options.Addresses.Count == 0) throw new ArgumentException("at least one address is needed", nameof(options));
        if (options.MaxAttempts < 1) throw new ArgumentException("MaxAttempts must be at least 1", nameof(options));
        var uris = options.Addresses.Select(a => new Uri(a, UriKind.Absolute)).ToArray();
        if (uris.Select(u => u.Scheme).Distinct().Count() > 1) throw new ArgumentException("all addresses must use the same scheme", nameof(options));

        var channelOptions = ChannelOptions(options);
        if (uris.Length == 1) return GrpcChannel.ForAddress(uris[0], channelOptions);

        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => uris.Select(u => new BalancerAddress(u.Host, u.Port))));
        channelOptions.ServiceProvider = services.BuildServiceProvider();
        channelOptions.Credentials = uris[0].Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        return GrpcChannel.ForAddress("static:///engine", channelOptions);
    }

    /// <summary>The channel's retry settings. grpc-dotnet caps a retry policy at MaxRetryAttempts (5 unless set), so it is raised to the policy's.</summary>
    internal static GrpcChannelOptions ChannelOptions(PersonalizationClientOptions options) =>
        new() { ServiceConfig = ServiceConfig(options), MaxRetryAttempts = Math.Max(options.MaxAttempts, 1) };

    private static ServiceConfig ServiceConfig(PersonalizationClientOptions options)
    {
        var retry = new RetryPolicy
        {
            MaxAttempts = options.MaxAttempts,
            InitialBackoff = options.InitialBackoff,
            MaxBackoff = options.MaxBackoff,
            BackoffMultiplier = 2,
            RetryableStatusCodes = { StatusCode.Unavailable, StatusCode.ResourceExhausted },
        };
        var config = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
        if (options.MaxAttempts > 1) config.MethodConfigs.Add(new MethodConfig { Names = { MethodName.Default }, RetryPolicy = retry });
        // Retraining twice is not what the caller asked for: no retry policy of its own.
        config.MethodConfigs.Add(new MethodConfig { Names = { new MethodName { Service = $"{ApiPackage}.ModelAdminService", Method = "Retrain" } } });
        return config;
    }
}
