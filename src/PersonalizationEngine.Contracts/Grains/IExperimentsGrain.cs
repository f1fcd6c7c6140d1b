using PersonalizationEngine.Contracts.Experiments;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>One for the cluster (key 0): the experiments, of which at most one runs.</summary>
public interface IExperimentsGrain : IGrainWithIntegerKey
{
    /// <summary>Starts it; fails (<see cref="InvalidOperationException"/>) while another runs or when the name was used.</summary>
    Task<ExperimentDefinition> StartAsync(ExperimentDefinition experiment);

    /// <summary>Stops it; null when there is no experiment of that name.</summary>
    Task<ExperimentDefinition?> StopAsync(string name, DateTimeOffset at);

    /// <summary>Newest first.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<ExperimentDefinition>> ListAsync();
}
