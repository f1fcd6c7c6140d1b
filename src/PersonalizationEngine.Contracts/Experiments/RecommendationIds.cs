using System.Security.Cryptography;

namespace PersonalizationEngine.Contracts.Experiments;

/// <summary>
/// A served list's recommendation_id: 16 random hex digits, then the list's <see cref="ServedListTag"/>
/// ("a1b2….recommendation-v3" or "a1b2….recommendation-v3.spring-test.challenger"). Carrying the tag lets a
/// click be attributed to its model version and arm on whichever silo applies it, with no lookup, for as
/// long after the list as it comes.
/// </summary>
public static class RecommendationIds
{
    private const int RandomDigits = 16;
    private const char Separator = '.';

    public static string New(ServedListTag tag)
    {
        Span<byte> random = stackalloc byte[RandomDigits / 2];
        RandomNumberGenerator.Fill(random);
        var id = Convert.ToHexStringLower(random) + Separator + tag.ModelVersion;
        return tag.Experiment is null ? id : string.Join(Separator, id, tag.Experiment, tag.Arm);
    }

    /// <summary>The tag of a well-formed id; false for anything else.</summary>
    public static bool TryParse(string id, out ServedListTag tag)
    {
        tag = null!;
        var parts = id.Split(Separator);
        if (parts.Length is not (2 or 4)) return false;
        if (parts[0].Length != RandomDigits || !parts[0].All(char.IsAsciiHexDigit) || parts[1].Length == 0) return false;
        if (parts.Length == 2)
        {
            tag = new ServedListTag(parts[1]);
            return true;
        }
        if (parts[2].Length == 0 || parts[3] is not (ServedListTag.Control or ServedListTag.Challenger)) return false;
        tag = new ServedListTag(parts[1], parts[2], parts[3]);
        return true;
    }
}
