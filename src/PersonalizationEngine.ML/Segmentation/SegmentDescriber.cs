namespace PersonalizationEngine.ML.Segmentation;

/// <summary>
/// Puts a centroid into words from its standardized recency, frequency and monetary value (how many
/// standard deviations from the average customer): value ("high value", "low value"), frequency
/// ("frequent", "occasional"), recency ("recently active", "lapsing"); within half a standard deviation a
/// dimension is average and says nothing. The id is the description as a slug, so an offer's
/// eligibility keeps meaning "lapsing" across retrains. Equal descriptions get "taste 2", "taste 3", ...:
/// they differ in the customer embedding.
/// </summary>
public static class SegmentDescriber
{
    private const double Notable = 0.5;

    public static IReadOnlyList<(string Id, string Description)> Describe(IReadOnlyList<float[]> standardizedCentroids)
    {
        var words = standardizedCentroids.Select(Words).ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return words.Select(w =>
        {
            var count = seen[w] = seen.GetValueOrDefault(w) + 1;
            var description = count == 1 ? w : $"{w}, taste {count}";
            return (Slug(description), description);
        }).ToList();
    }

    private static string Words(float[] z)
    {
        var (recency, frequency, monetary) = (z[0], z[1], z[2]);
        var parts = new List<string>();
        if (monetary > Notable) parts.Add("high value");
        else if (monetary < -Notable) parts.Add("low value");
        if (frequency > Notable) parts.Add("frequent");
        else if (frequency < -Notable) parts.Add("occasional");
        // Recency is days since the last purchase: below average is recent.
        if (recency < -Notable) parts.Add("recently active");
        else if (recency > Notable) parts.Add("lapsing");
        return parts.Count == 0 ? "average" : string.Join(", ", parts);
    }

    private static string Slug(string description) =>
        string.Join('-', description.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
