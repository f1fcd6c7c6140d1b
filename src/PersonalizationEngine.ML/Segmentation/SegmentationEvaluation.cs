using System.Diagnostics;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Segmentation;

/// <summary>
/// Segmentation quality: trained on a random share of the customers, then the held-out customers put in
/// their nearest segments, and the silhouette of those (segments that only fit their own training
/// customers would score low). Each segment's profile in plain numbers, over every customer, shows
/// whether its description is apt.
/// </summary>
public sealed record SegmentationEvaluation(
    int TrainingCustomers, int HeldOutCustomers, double TrainingSilhouette, double HeldOutSilhouette,
    IReadOnlyDictionary<int, double> SilhouetteByK, IReadOnlyList<SegmentProfile> Profiles, double Seconds)
{
    public static (SegmentationEvaluation Evaluation, SegmentModel Model) Run(
        IReadOnlyList<CustomerActivity> customers, DateTimeOffset now, ItemFactorSnapshot? embedding, SegmentationOptions options, double heldOutShare)
    {
        var clock = Stopwatch.StartNew();
        var shuffled = customers.ToArray();
        new Random(options.Seed).Shuffle(shuffled);
        var heldOutCount = (int)(shuffled.Length * heldOutShare);
        var heldOut = shuffled[..heldOutCount];
        var result = CustomerSegmentation.Train(shuffled[heldOutCount..], now, embedding, options);
        var model = result.Model;

        var sample = heldOut.Take(options.SilhouetteSample).Select(c => model.Standardize(SegmentFeatures.Of(c, now, model.Taste))).ToArray();
        var heldOutSilhouette = Silhouette.Mean(sample, sample.Select(model.Nearest).ToArray(), model.Segments.Count);
        var profiles = customers.GroupBy(c => model.SegmentOf(c, now))
            .Select(g => new SegmentProfile(g.Key, g.Count(),
                g.Average(c => c.LastPurchaseAt is { } last ? Math.Min(SegmentFeatures.NeverDays, (now - last).TotalDays) : SegmentFeatures.NeverDays),
                g.Average(c => c.PurchaseDays), g.Average(c => c.Revenue)))
            .OrderByDescending(p => p.Customers)
            .ToList();
        var evaluation = new SegmentationEvaluation(shuffled.Length - heldOutCount, heldOutCount, model.Silhouette, heldOutSilhouette,
            result.SilhouetteByK, profiles, clock.Elapsed.TotalSeconds);
        return (evaluation, model);
    }
}
