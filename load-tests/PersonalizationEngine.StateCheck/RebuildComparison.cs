using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.Grains.Products;

namespace PersonalizationEngine.StateCheck;

/// <summary>
/// Compares the grain states of an engine that ran (and crashed) with those a fresh engine built from a
/// copy of its event log: every grain in both, every field equal. Only the co-interactions' bookkeeping
/// is left out, because it depends on how far the checkpoint had moved when a grain last wrote, not on
/// the events: which links a product still remembers (to recognise a copy), and which links a customer
/// still keeps (until the checkpoint passes them).
/// </summary>
public static class RebuildComparison
{
    public static readonly IReadOnlySet<string> Bookkeeping = new HashSet<string>
    {
        nameof(ProductState.AppliedCoInteractions), nameof(CustomerState.OwedCoInteractions),
    };

    /// <summary>The first difference ("product/p7.Neighbors[p2].Value: 3 vs 4", or a grain in one only), null when equal.</summary>
    public static string? FirstDifference(IReadOnlyDictionary<(string Name, string Id), object> rebuilt, IReadOnlyDictionary<(string Name, string Id), object> ran)
    {
        foreach (var (grain, state) in rebuilt)
        {
            if (!ran.TryGetValue(grain, out var ranState)) return $"{grain.Name}/{grain.Id}: built from the log, missing in the engine that ran";
            if (StateDifference.Find(state, ranState, $"{grain.Name}/{grain.Id}", Bookkeeping) is { } difference) return difference;
        }
        return ran.Keys.Where(grain => !rebuilt.ContainsKey(grain)).Select(g => $"{g.Name}/{g.Id}: in the engine that ran, not built from the log").FirstOrDefault();
    }
}
