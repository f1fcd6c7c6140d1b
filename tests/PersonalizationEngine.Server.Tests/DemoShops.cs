using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Demo;

namespace PersonalizationEngine.Server.Tests;

/// <summary>What a demo shop of a given size puts into the log: its behaviour events plus its generated reviews.</summary>
public static class DemoShops
{
    public static int EventCount(int customers, int products, int events) =>
        DemoDataLoader.Generate(new EngineOptions { DemoCustomers = customers, DemoProducts = products, DemoEvents = events }, DateTimeOffset.UtcNow).Events.Count;
}
