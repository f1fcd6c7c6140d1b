using Microsoft.AspNetCore.Server.Kestrel.Core;
using PersonalizationEngine.FloorServer;
using PersonalizationEngine.Storage.EventLog;

// The floors: Recommend over the engine's proto and host stack (Kestrel HTTP/2, grpc-dotnet and, with
// --grain, an Orleans silo in the process) answered with a fixed list; TrackStream decoded and
// acknowledged, or with --log appended to a durable file log as well. load-tests/recommend-floor.sh and
// load-tests/ingest-floor.sh measure them beside the engine with the same generator.
FloorSettings settings;
try
{
    settings = FloorSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var builder = WebApplication.CreateBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(settings.Port, o => o.Protocols = HttpProtocols.Http2));
builder.UseOrleans(silo => silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort));
builder.Services.AddSingleton(settings);
await using var log = settings.LogDirectory is { } folder ? FileEventLog.Open(new EventLogOptions(folder)) : null;
builder.Services.AddSingleton(_ => new AcknowledgingEventService(log));
builder.Services.AddGrpc();
var app = builder.Build();
app.MapGrpcService<FixedRecommendationService>();
app.MapGrpcService<AcknowledgingEventService>();
await app.RunAsync();
return 0;
