using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Behaviour;

namespace PersonalizationEngine.Grains.Experiments;

[GenerateSerializer]
public sealed class ExperimentsState
{
    /// <summary>Oldest first.</summary>
    [Id(0)] public List<ExperimentDefinition> Experiments { get; set; } = [];
}

/// <summary>The cluster's experiments (<see cref="IExperimentsGrain"/>), written at every start and stop.</summary>
public sealed class ExperimentsGrain(
    [PersistentState("experiments", StorageNames.GrainState)] IPersistentState<ExperimentsState> state)
    : Grain, IExperimentsGrain
{
    public async Task<ExperimentDefinition> StartAsync(ExperimentDefinition experiment)
    {
        var experiments = state.State.Experiments;
        if (experiments.Find(e => e.Running) is { } running)
            throw new InvalidOperationException($"experiment '{running.Name}' is running: stop it first (one runs at a time)");
        if (experiments.Exists(e => e.Name == experiment.Name))
            throw new InvalidOperationException($"an experiment named '{experiment.Name}' exists already: choose another name");
        experiments.Add(experiment);
        await state.WriteStateAsync();
        return experiment;
    }

    public async Task<ExperimentDefinition?> StopAsync(string name, DateTimeOffset at)
    {
        var experiments = state.State.Experiments;
        var index = experiments.FindIndex(e => e.Name == name);
        if (index < 0) return null;
        if (!experiments[index].Running) return experiments[index];
        experiments[index] = experiments[index] with { StoppedAt = at };
        await state.WriteStateAsync();
        return experiments[index];
    }

    public Task<IReadOnlyList<ExperimentDefinition>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ExperimentDefinition>>(Enumerable.Reverse(state.State.Experiments).ToArray());
}
