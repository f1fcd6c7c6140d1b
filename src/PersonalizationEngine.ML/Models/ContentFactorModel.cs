using System.Numerics.Tensors;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// Cold start for products the factor model has not seen: each content token (category, tag, title word)
/// gets the mean factor of the known products that carry it, and a new product's factor is the mean of its
/// tokens' factors. A new product can so be recommended to the customers whose taste matches its content
/// before anyone has interacted with it.
/// </summary>
public sealed class ContentFactorModel
{
    private readonly Dictionary<string, float[]> _tokenFactors;
    private readonly int _factors;

    private ContentFactorModel(Dictionary<string, float[]> tokenFactors, int factors)
    {
        _tokenFactors = tokenFactors;
        _factors = factors;
    }

    /// <param name="tokensOf">A known product's content tokens (see <see cref="Tokens"/>); null when unknown.</param>
    public static ContentFactorModel Fit(ItemFactorSnapshot snapshot, Func<string, IReadOnlyCollection<string>?> tokensOf)
    {
        var k = snapshot.Factors;
        var sums = new Dictionary<string, (float[] Sum, int Count)>(StringComparer.Ordinal);
        for (var item = 0; item < snapshot.ItemIds.Count; item++)
        {
            var factor = snapshot.ItemFactors.AsSpan(item * k, k);
            foreach (var token in tokensOf(snapshot.ItemIds[item]) ?? [])
            {
                var (sum, count) = sums.TryGetValue(token, out var known) ? known : (new float[k], 0);
                TensorPrimitives.Add(sum, factor, sum);
                sums[token] = (sum, count + 1);
            }
        }
        var means = sums.ToDictionary(s => s.Key, s =>
        {
            TensorPrimitives.Divide(s.Value.Sum, s.Value.Count, s.Value.Sum);
            return s.Value.Sum;
        }, StringComparer.Ordinal);
        return new ContentFactorModel(means, k);
    }

    /// <summary>The mean factor of the known tokens; null when no token is known.</summary>
    public float[]? FactorFor(IEnumerable<string> tokens)
    {
        var factor = new float[_factors];
        var known = 0;
        foreach (var token in tokens)
        {
            if (!_tokenFactors.TryGetValue(token, out var tokenFactor)) continue;
            TensorPrimitives.Add(factor, tokenFactor, factor);
            known++;
        }
        if (known == 0) return null;
        TensorPrimitives.Divide(factor, known, factor);
        return factor;
    }

    /// <summary>A product's content tokens: its category, its tags and the words of its title (3+ letters).</summary>
    public static IReadOnlyCollection<string> Tokens(string category, IEnumerable<string> tags, string title)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        if (category.Length > 0) tokens.Add("category:" + category.ToLowerInvariant());
        foreach (var tag in tags) tokens.Add("tag:" + tag.ToLowerInvariant());
        foreach (var word in title.Split([' ', ',', '.', '-', '/', '(', ')', '\'', '"'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length >= 3 && word.Any(char.IsLetter)) tokens.Add("word:" + word.ToLowerInvariant());
        }
        return tokens;
    }
}
