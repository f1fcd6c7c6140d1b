using System.Globalization;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Sentiment;

namespace PersonalizationEngine.ML.Synthetic;

/// <summary>
/// Writes short product reviews whose sentiment is known: opinion words in varied phrasings, a share of
/// them negated ("not good" is negative, "not bad" positive), and middling ones that praise one thing and
/// fault another. The demo shop trains its first sentiment model on these and posts them as review events;
/// tests train on them. Deterministic for a <see cref="Random"/> seed.
/// </summary>
public static class SyntheticReviews
{
    private static readonly string[] Praise = ["good", "great", "excellent", "lovely", "wonderful", "perfect", "nice", "amazing", "sturdy", "comfortable", "reliable", "fantastic"];
    private static readonly string[] Faults = ["bad", "awful", "terrible", "poor", "horrible", "broken", "useless", "disappointing", "flimsy", "cheap", "faulty", "dreadful"];
    private static readonly string[] Things = ["product", "quality", "price", "delivery", "fit", "finish", "packaging", "service", "size", "material", "design", "value"];
    private static readonly string[] Phrasings = ["the {0} is {1}", "this {0} was {1}", "really {1} {0}", "{1} {0} overall", "i found the {0} {1}", "honestly the {0} is {1}"];
    private static readonly string[] Endings = [".", "!", "", " .", "!!"];

    /// <summary>A review of the given sentiment.</summary>
    public static LabelledText Write(bool positive, Random random)
    {
        var text = Clause(positive, random);
        // A second clause of the same sentiment now and then, as real reviews ramble.
        if (random.NextDouble() < 0.3) text += ", " + Clause(positive, random);
        return new LabelledText(Capitalize(text) + Endings[random.Next(Endings.Length)], positive);
    }

    /// <summary>A review that goes with a 1–5 star rating: 4–5 positive, 1–2 negative, 3 mixed.</summary>
    public static string ForRating(int rating, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rating, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rating, 5);
        if (rating != 3) return Write(rating > 3, random).Text;
        var first = random.Next(2) == 0;
        return Capitalize(Clause(first, random) + " but " + Clause(!first, random)) + ".";
    }

    /// <summary><paramref name="count"/> reviews, half of each label.</summary>
    public static IReadOnlyList<LabelledText> Corpus(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => Write(i % 2 == 0, random)).ToList();
    }

    /// <summary>
    /// Reviews of a generated shop: about half of its ratings come with a review text, posted with the rating
    /// (never later: ratings end at the present). One product in six is a dud that collects 1–3 stars; the
    /// rest get 3–5, so product sentiment differs across the catalog.
    /// </summary>
    public static IReadOnlyList<SyntheticReview> ForShop(SyntheticShop shop, int seed)
    {
        var random = new Random(seed);
        var duds = shop.Products.Where(_ => random.Next(6) == 0).Select(p => p.ProductId).ToHashSet(StringComparer.Ordinal);
        int[] dudStars = [1, 1, 2, 2, 3], goodStars = [3, 4, 4, 5, 5];
        var reviews = new List<SyntheticReview>();
        foreach (var rating in shop.Events.Where(e => e.Kind == DatasetInteractionKind.Rating))
        {
            if (random.Next(2) == 0) continue;
            var stars = (duds.Contains(rating.ProductId) ? dudStars : goodStars)[random.Next(5)];
            reviews.Add(new SyntheticReview($"{rating.EventId}-review", rating.CustomerId, rating.ProductId, stars, ForRating(stars, random), rating.OccurredAt));
        }
        return reviews;
    }

    /// <summary>Writes reviews in the UCI labelled-sentences format (<c>text TAB 0|1</c>) that <see cref="LabelledTextReader"/> reads.</summary>
    public static void WriteCorpus(string path, IEnumerable<LabelledText> reviews)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        File.WriteAllLines(path, reviews.Select(r => r.Text + "\t" + (r.Positive ? 1 : 0).ToString(CultureInfo.InvariantCulture)));
    }

    private static string Clause(bool positive, Random random)
    {
        var negated = random.NextDouble() < 0.3;
        var words = positive ^ negated ? Praise : Faults;
        var word = words[random.Next(words.Length)];
        var phrasing = Phrasings[random.Next(Phrasings.Length)];
        return string.Format(CultureInfo.InvariantCulture, phrasing, Things[random.Next(Things.Length)], negated ? "not " + word : word);
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
