using PersonalizationEngine.Client;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// A named kind of traffic: <see cref="Step"/> is one unit of it (a request, a batch, a whole user
/// session), sent by the load runner; <see cref="Setup"/>, when given, prepares the engine once before
/// the run (e.g. creates the offers a scenario asks for); <see cref="Models"/> are the models it needs,
/// which a server the tool starts trains before the run.
/// </summary>
public sealed record Scenario(
    string Name, string Description, Func<StepContext, Task> Step, Func<PersonalizationClient, IdSpace, Task>? Setup = null, IReadOnlyList<string>? Models = null)
{
    public IReadOnlyList<string> Models { get; init; } = Models ?? ["recommendation"];

    public static IReadOnlyList<Scenario> All => ScenarioCatalog.All;

    public static Scenario Named(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new UsageException($"unknown scenario '{name}' (known: {string.Join(", ", All.Select(s => s.Name))})");
}
