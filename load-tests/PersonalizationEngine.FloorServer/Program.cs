using Microsoft.AspNetCore.Server.Kestrel.Core;
using PersonalizationEngine.FloorServer;

// The floor for Recommend: the engine's proto over the same host stack (Kestrel HTTP/2, grpc-dotnet and,
// with --grain, an Orleans silo in the process), answered with a fixed list. load-tests/recommend-floor.sh
// measures it beside the engine with the same generator.
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
builder.Services.AddGrpc();
var app = builder.Build();
app.MapGrpcService<FixedRecommendationService>();
await app.RunAsync();
return 0;
