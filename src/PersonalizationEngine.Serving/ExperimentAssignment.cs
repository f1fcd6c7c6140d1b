using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.Serving;

/// <summary>A customer's arm in the running experiment, and the challenger's model (null for the popularity challenger or the control).</summary>
public sealed record ExperimentArm(ExperimentDefinition Experiment, string Name, ServingModel<ItemFactorSnapshot>? ChallengerModel)
{
    public bool IsChallenger => Name == ServedListTag.Challenger;
}

/// <summary>
/// This silo's copy of the running experiment, read from the cluster's experiments grain every second (and at
/// once after a start or stop on this silo), so that Recommend assigns an arm without a grain call. A
/// customer's arm is a stable hash (XxHash3) of the experiment's name and the customer id: the same on every
/// silo and every request, and independent between experiments.
/// </summary>
public sealed class ExperimentAssignment(IGrainFactory grains, ModelStore<ItemFactorSnapshot> models, ILogger<ExperimentAssignment> logger) : BackgroundService
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    private volatile RunningExperiment? _running;

    /// <summary>The running experiment; null when none runs.</summary>
    public ExperimentDefinition? Running => _running?.Definition;

    /// <summary>The customer's arm; null when no experiment runs.</summary>
    public ExperimentArm? ArmOf(string customerId)
    {
        if (_running is not { } running) return null;
        return InChallenger(running.Definition, customerId)
            ? new ExperimentArm(running.Definition, ServedListTag.Challenger, running.ChallengerModel)
            : running.Control;
    }

    public static bool InChallenger(ExperimentDefinition experiment, string customerId)
    {
        var hash = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(experiment.Name + "\n" + customerId));
        // The top 53 bits as a uniform number in [0, 1).
        return (hash >> 11) * (1.0 / (1UL << 53)) < experiment.TrafficShare;
    }

    /// <summary>Reads the running experiment now (after a start or stop, so this silo serves it at once).</summary>
    public async Task RefreshAsync()
    {
        var running = (await grains.GetGrain<IExperimentsGrain>(0).ListAsync()).FirstOrDefault(e => e.Running);
        if (running is null)
        {
            _running = null;
            return;
        }
        if (_running?.Definition == running) return;
        var model = running.Challenger == ExperimentDefinition.Popularity ? null
            : models.Published(running.Challenger) ?? throw new InvalidOperationException($"model version '{running.Challenger}' is not published");
        _running = new RunningExperiment(running, model, new ExperimentArm(running, ServedListTag.Control, null));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Serving goes on with what it had; the next refresh tries again.
                logger.LogWarning(ex, "Could not read the running experiment");
            }
            await Task.Delay(Refresh, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private sealed record RunningExperiment(ExperimentDefinition Definition, ServingModel<ItemFactorSnapshot>? ChallengerModel, ExperimentArm Control);
}
