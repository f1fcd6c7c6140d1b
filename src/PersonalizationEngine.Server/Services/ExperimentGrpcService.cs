using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Experiments;
using PersonalizationEngine.ML.Experiments;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.Serving;
using static PersonalizationEngine.Server.Ingestion.RequestValidation;

namespace PersonalizationEngine.Server.Services;

/// <summary>ExperimentService: online metrics per model version and arm, and experiments between versions.</summary>
public sealed class ExperimentGrpcService(IGrainFactory grains, ExperimentAssignment assignment, ModelStore<ItemFactorSnapshot> models, TimeProvider time)
    : ExperimentService.ExperimentServiceBase
{
    private const long DefaultMinItemsPerArm = 2_000;
    private const int MaxNameLength = 64;
    private static readonly TimeSpan DefaultRange = TimeSpan.FromDays(7);

    private IOnlineMetricsGrain Metrics => grains.GetGrain<IOnlineMetricsGrain>(0);

    private IExperimentsGrain Experiments => grains.GetGrain<IExperimentsGrain>(0);

    public override async Task<GetOnlineMetricsResponse> GetOnlineMetrics(GetOnlineMetricsRequest request, ServerCallContext context)
    {
        var to = request.To is null ? time.GetUtcNow() : RequireTime(request.To, "to");
        var from = request.From is null ? to - DefaultRange : RequireTime(request.From, "from");
        if (from >= to) throw Invalid("from", "must be before to");
        var rows = await Metrics.GetAsync(OnlineMetricsRecorder.HourOf(from), to);
        var response = new GetOnlineMetricsResponse();
        foreach (var version in rows.GroupBy(r => r.Tag.ModelVersion).OrderBy(g => g.Key, StringComparer.Ordinal))
            response.Versions.Add(new VersionMetrics { ModelVersion = version.Key, Metrics = ToMessage(Sum(version)) });
        foreach (var arm in rows.Where(r => r.Tag.Experiment is not null).GroupBy(r => (r.Tag.Experiment!, r.Tag.Arm!)).OrderBy(g => g.Key))
            response.Arms.Add(new ArmMetrics { Experiment = arm.Key.Item1, Arm = arm.Key.Item2, Metrics = ToMessage(Sum(arm)) });
        if (request.Hourly)
        {
            foreach (var hour in rows.GroupBy(r => (r.Hour, r.Tag.ModelVersion)).OrderBy(g => g.Key.Hour).ThenBy(g => g.Key.ModelVersion, StringComparer.Ordinal))
                response.Hourly.Add(new VersionMetrics { ModelVersion = hour.Key.ModelVersion, Hour = Timestamp.FromDateTimeOffset(hour.Key.Hour), Metrics = ToMessage(Sum(hour)) });
        }
        return response;
    }

    public override async Task<Experiment> StartExperiment(StartExperimentRequest request, ServerCallContext context)
    {
        var name = RequireId(request.Name, "name", MaxNameLength);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) throw Invalid("name", "may hold only letters, digits, '-' and '_'");
        var challenger = request.ChallengerCase switch
        {
            StartExperimentRequest.ChallengerOneofCase.ModelVersion => models.Published(RequireId(request.ModelVersion, "model_version", MaxNameLength)) is not null
                ? request.ModelVersion
                : throw Invalid("model_version", $"'{Quote(request.ModelVersion)}' is not a published recommendation model version (ModelAdminService.GetModelStatus lists the serving one)"),
            StartExperimentRequest.ChallengerOneofCase.Ranking when request.Ranking == RankingConfiguration.Popularity => ExperimentDefinition.Popularity,
            _ => throw Invalid("challenger", "set model_version or ranking"),
        };
        var share = RequireFinite(request.TrafficShare, "traffic_share") switch
        {
            0 => 0.5,
            > 0 and < 1 => request.TrafficShare,
            _ => throw Invalid("traffic_share", "must be between 0 and 1 (exclusive)"),
        };
        var minItems = request.MinItemsPerArm switch
        {
            0 => DefaultMinItemsPerArm,
            > 0 => request.MinItemsPerArm,
            _ => throw Invalid("min_items_per_arm", "must not be negative"),
        };
        ExperimentDefinition started;
        try
        {
            started = await Experiments.StartAsync(new ExperimentDefinition(name, challenger, share, minItems, time.GetUtcNow()));
        }
        catch (InvalidOperationException ex)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, ex.Message));
        }
        await assignment.RefreshAsync();
        return await DescribeAsync(started);
    }

    public override async Task<Experiment> StopExperiment(StopExperimentRequest request, ServerCallContext context)
    {
        var name = RequireId(request.Name, "name", MaxNameLength);
        var stopped = await Experiments.StopAsync(name, time.GetUtcNow())
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no experiment named '{Quote(name)}'"));
        await assignment.RefreshAsync();
        return await DescribeAsync(stopped);
    }

    public override async Task<ListExperimentsResponse> ListExperiments(ListExperimentsRequest request, ServerCallContext context)
    {
        var response = new ListExperimentsResponse();
        foreach (var experiment in await Experiments.ListAsync()) response.Experiments.Add(await DescribeAsync(experiment));
        return response;
    }

    /// <summary>The experiment with its arms' metrics since it started, the probability that the challenger is better, and the decision.</summary>
    private async Task<Experiment> DescribeAsync(ExperimentDefinition experiment)
    {
        var rows = (await Metrics.GetAsync(OnlineMetricsRecorder.HourOf(experiment.StartedAt), (experiment.StoppedAt ?? time.GetUtcNow()).AddHours(1)))
            .Where(r => r.Tag.Experiment == experiment.Name).ToArray();
        var control = Sum(rows.Where(r => r.Tag.Arm == ServedListTag.Control));
        var challenger = Sum(rows.Where(r => r.Tag.Arm == ServedListTag.Challenger));
        var probability = ClickThroughTest.ProbabilityChallengerBetter(control.Clicks, control.Items, challenger.Clicks, challenger.Items);
        var message = new Experiment
        {
            Name = experiment.Name,
            Challenger = experiment.Challenger,
            TrafficShare = experiment.TrafficShare,
            StartedAt = Timestamp.FromDateTimeOffset(experiment.StartedAt),
            StoppedAt = experiment.StoppedAt is { } stoppedAt ? Timestamp.FromDateTimeOffset(stoppedAt) : null,
            Running = experiment.Running,
            Control = new ArmMetrics { Experiment = experiment.Name, Arm = ServedListTag.Control, Metrics = ToMessage(control) },
            ChallengerArm = new ArmMetrics { Experiment = experiment.Name, Arm = ServedListTag.Challenger, Metrics = ToMessage(challenger) },
            ProbabilityChallengerBetter = probability,
            Decision = ClickThroughTest.Decide(probability, control.Items, challenger.Items, experiment.MinItemsPerArm),
            MinItemsPerArm = experiment.MinItemsPerArm,
        };
        return message;
    }

    private static OnlineCounts Sum(IEnumerable<OnlineMetricRow> rows) => rows.Aggregate(OnlineCounts.None, (sum, row) => sum + row.Counts);

    private static OnlineMetrics ToMessage(OnlineCounts c)
    {
        var (low, high) = ClickThroughTest.WilsonInterval(c.Clicks, c.Items);
        return new OnlineMetrics
        {
            ListsServed = c.Lists,
            ItemsShown = c.Items,
            Clicks = c.Clicks,
            ClickThroughRate = c.Items > 0 ? (double)c.Clicks / c.Items : 0,
            ClickThroughLow = low,
            ClickThroughHigh = high,
            AddToCarts = c.Carts,
            Purchases = c.Purchases,
            ConversionRate = c.Lists > 0 ? (double)c.Purchases / c.Lists : 0,
            AttributedRevenue = c.Revenue,
            WindowPurchases = c.WindowPurchases,
            WindowRevenue = c.WindowRevenue,
        };
    }
}
