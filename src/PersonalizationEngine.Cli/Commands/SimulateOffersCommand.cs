using System.Globalization;
using PersonalizationEngine.ML.Offers;
using ScottPlot;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// <c>pe simulate-offers</c>: the offer bandit against offers with known acceptance rates: share of the
/// oracle's reward and cumulative regret for Thompson sampling, greedy and uniform random.
/// </summary>
public static class SimulateOffersCommand
{
    public const string Usage = "pe simulate-offers [--impressions 100000] [--seed 42] [--json results.json] [--chart regret.png]";

    public static Task<int> RunAsync(CommandLine line, IAnsiConsole console)
    {
        line.AllowOnly("impressions", "seed", "json", "chart");
        var impressions = line.IntOption("impressions", 100_000, 100, 100_000_000);
        var seed = line.IntOption("seed", 42, 0, int.MaxValue);
        var offers = OfferSimulation.DefaultOffers;
        console.MarkupLine($"{offers.Count} offers, best expected value {offers.Max(o => o.TrueRate * o.Value):F3} per impression, {impressions:N0} impressions, seed {seed}");

        var results = new List<OfferSimulation.Result>();
        console.Status().Start("simulating", status =>
        {
            foreach (var policy in Enum.GetValues<OfferPolicy>())
            {
                status.Status(policy.ToString());
                results.Add(OfferSimulation.Run(offers, impressions, policy, seed));
            }
        });

        var half = impressions / 2;
        var table = new Table().AddColumns("policy", "reward", "share of oracle", "regret", $"regret at {half:N0}", "second half / first half");
        foreach (var r in results)
        {
            var atHalf = r.RegretCurve.Last(p => p.Impressions <= half).Regret;
            table.AddRow(r.Policy.ToString(), F(r.Reward), r.ShareOfOracle.ToString("P2", CultureInfo.InvariantCulture), F(r.Regret), F(atHalf),
                ((r.Regret - atHalf) / atHalf).ToString("F3", CultureInfo.InvariantCulture));
        }
        console.Write(table);

        if (line.Option("json") is { } json)
        {
            var report = results.Select(r => new { policy = r.Policy.ToString(), r.Reward, r.OracleReward, r.ShareOfOracle, r.Regret, curve = r.RegretCurve.Select(p => new { p.Impressions, p.Regret }) });
            JsonReport.Write(json, new { impressions, seed, offers, results = report }, console);
        }
        if (line.Option("chart") is { } chart)
        {
            var plot = new Plot();
            foreach (var r in results)
            {
                var series = plot.Add.Scatter(r.RegretCurve.Select(p => (double)p.Impressions).ToArray(), r.RegretCurve.Select(p => p.Regret).ToArray());
                series.LegendText = r.Policy.ToString();
                series.MarkerSize = 0;
            }
            plot.Title($"Cumulative regret over {impressions:N0} impressions");
            plot.XLabel("impressions");
            plot.YLabel("regret (expected value lost)");
            plot.ShowLegend(Alignment.UpperLeft);
            plot.SavePng(chart, 800, 500);
            console.MarkupLine($"wrote {Markup.Escape(chart)}");
        }
        return Task.FromResult(0);
    }

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
