using PersonalizationEngine.Server.Hosting;

var app = EngineApplication.Create(args);
await app.RunAsync();
