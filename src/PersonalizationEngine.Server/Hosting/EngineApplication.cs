using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using OpenTelemetry.Metrics;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Security;
using PersonalizationEngine.Server.Services;
using PersonalizationEngine.Server.Storefront;
using PersonalizationEngine.Storage.GrainStorage;
using StackExchange.Redis;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>Builds the engine: one process with the Orleans silo, the gRPC services and the dashboard.</summary>
public static class EngineApplication
{
    /// <summary>
    /// Configuration comes from appsettings.json, environment variables (Engine__GrpcPort=...) and the
    /// command line (--Engine:GrpcPort=...). "--demo" loads the demo shop.
    /// </summary>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args.Select(a => a == "--demo" ? "--Engine:Demo=true" : a).ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        var options = builder.Services.AddEngineOptions(builder.Configuration);
        ConfigureEndpoints(builder, options);
        builder.Services.AddEngineSecurity(options);
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.WithOrigins([.. options.CorsOrigins])
            .AllowAnyMethod().AllowAnyHeader()
            // A gRPC-Web client reads the status from these; a browser hides them unless exposed.
            .WithExposedHeaders("grpc-status", "grpc-message", "grpc-encoding", "grpc-accept-encoding")));
        // One instance for the process: the interceptor's parts keep counts across calls (grpc-dotnet would create an unregistered one per call).
        builder.Services.AddSingleton<CallMetrics>();
        builder.Services.AddSingleton<LoadShedding>();
        builder.Services.AddSingleton<OverloadStatus>();
        builder.Services.AddSingleton<EngineCallInterceptor>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
            grpc.Interceptors.Add<EngineCallInterceptor>();
        }).AddJsonTranscoding(); // the protos' google.api.http routes, served as HTTP/JSON on the HTTP/1 port
        builder.Services.AddCheckedRequestBinder();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks(health => health.UseHealthChecksCache = false).AddCheck<EngineHealthCheck>("engine");
        // Check answers from the live checks (above); Watch streams get the published status, every 5 s
        // after the first 5 s (by then the silo is up, so start-up is not logged as a failed check).
        builder.Services.Configure<HealthCheckPublisherOptions>(publisher => publisher.Period = TimeSpan.FromSeconds(5));
        builder.Services.AddEngineIngestion(options);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(EngineMetrics.MeterName, "Microsoft.Orleans")
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter())
            .AddEngineTracing(options.Tracing, $"{options.AdvertisedAddress}:{options.SiloPort}");
        builder.UseOrleans(silo => ConfigureSilo(silo, options));
        builder.Services.AddEngineBackgroundWork(options, builder.Configuration);

        var app = builder.Build();
        // Only with credentials configured (AddEngineSecurity registers the schemes only then).
        if (options.Auth.Enabled) app.UseAuthentication();
        // gRPC-Web (browsers, HTTP/1.1) becomes plain gRPC here, before anything reads the request as gRPC.
        app.UseRouting();
        app.UseCors();
        app.UseGrpcWebWithTextCheck();
        app.MapGrpcService<EventGrpcService>();
        app.MapGrpcService<CatalogGrpcService>();
        app.MapGrpcService<RecommendationGrpcService>();
        app.MapGrpcService<ModelAdminGrpcService>();
        app.MapGrpcService<PropensityGrpcService>();
        app.MapGrpcService<OfferGrpcService>();
        app.MapGrpcService<SentimentGrpcService>();
        app.MapGrpcService<ForecastGrpcService>();
        app.MapGrpcService<SegmentGrpcService>();
        app.MapGrpcService<ExperimentGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        // The HTTP/1 port: Prometheus scrapes /metrics there, beside the dashboard.
        app.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{options.DashboardPort}");
        if (options.Dashboard) app.MapOrleansDashboard("/dashboard").RequireHost($"*:{options.DashboardPort}");
        if (options.Storefront) app.MapStorefront(options.DashboardPort);
        return app;
    }

    /// <summary>gRPC without TLS needs an HTTP/2-only endpoint (with TLS, ALPN negotiates it); /metrics and the dashboard's pages are HTTP/1 on another port.</summary>
    private static void ConfigureEndpoints(WebApplicationBuilder builder, EngineOptions options)
    {
        var address = IPAddress.Parse(options.ListenAddress);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, options.GrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                UseTlsIfConfigured(listen, options);
            });
            kestrel.Listen(address, options.DashboardPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                UseTlsIfConfigured(listen, options);
            });
        });
    }

    private static void UseTlsIfConfigured(ListenOptions listen, EngineOptions options)
    {
        if (options.TlsCertificatePath.Length > 0) listen.UseHttps(options.TlsCertificatePath, options.TlsCertificatePassword);
    }

    private static void ConfigureSilo(ISiloBuilder silo, EngineOptions options)
    {
        if (options.Redis.Length > 0)
        {
            // A real cluster: membership in Redis, so silos on any machines that reach it find each other.
            silo.UseRedisClustering(redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(options.Redis));
            // A dead silo's grains served elsewhere within seconds, within what a client's retries cover.
            ClusterFailover.Configure(silo);
            if (options.Kubernetes)
            {
                // Silo name, address and cluster id from the pod (POD_NAME, POD_IP, the orleans/* labels); silos whose pod is gone are declared dead.
                silo.Configure<EndpointOptions>(endpoints => (endpoints.SiloPort, endpoints.GatewayPort) = (options.SiloPort, options.GatewayPort));
                silo.UseKubernetesHosting();
            }
            else
            {
                silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ClusterId));
                silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort);
            }
        }
        else
        {
            // Development clustering: one silo, or several on this machine joining the one at PrimarySiloPort.
            var primary = options.PrimarySiloPort is > 0 and var port ? new IPEndPoint(IPAddress.Loopback, port) : null;
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary);
        }
        // The strongly consistent directory: no duplicate activation even while a silo joins or leaves,
        // so there is exactly one trainer per model (the default directory allows brief duplicates).
#pragma warning disable ORLEANSEXP003 // experimental in Orleans 10; the only built-in directory with that guarantee
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        if (options.SqliteGrainStorage)
            silo.Services.AddGrainStorage(StorageNames.GrainState, (sp, _) => sp.GetRequiredService<SqliteGrainStorage>());
        else if (options.GrainStorage == "Redis")
            // The Orleans serializer, as for SQLite: state types need only their codecs and surrogates.
            silo.AddRedisGrainStorage(StorageNames.GrainState, redis => redis.Configure<Serializer>((o, serializer) =>
            {
                o.ConfigurationOptions = ConfigurationOptions.Parse(options.Redis);
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        else
            silo.AddEngineMemoryGrainStorage();
        silo.AddIdleDeactivation();
        if (options.Dashboard) silo.AddDashboard();
        // Grain calls continue the trace of the request that made them (only when traces are exported: it costs per call).
        if (options.Tracing.Enabled) silo.AddActivityPropagation();
    }
}
