using System.Text;

namespace PersonalizationEngine.ML.Sentiment;

/// <summary>
/// Lower-cases a text and marks every word after a negation ("not", "never", "n't", …) up to the next
/// punctuation with a "neg_" prefix, so "not good" and "good" become different features for a bag of
/// words ("not good" → "not neg_good"). The same function runs before training and before prediction.
/// </summary>
public static class NegationMarker
{
    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "nothing", "nobody", "none", "nowhere", "neither", "nor", "cannot", "without", "hardly", "barely",
        "isnt", "wasnt", "dont", "doesnt", "didnt", "cant", "couldnt", "wont", "wouldnt", "shouldnt", "arent", "werent", "havent", "hasnt", "aint",
    };

    public static string Mark(string text)
    {
        var marked = new StringBuilder(text.Length + 16);
        var negated = false;
        foreach (var token in Tokens(text.ToLowerInvariant()))
        {
            if (token.Length == 1 && IsClauseEnd(token[0]))
            {
                negated = false;
                marked.Append(token).Append(' ');
                continue;
            }
            marked.Append(negated ? "neg_" : "").Append(token).Append(' ');
            // "don't" splits as "don" "'" "t" in many tokenizers; here a word keeps its apostrophe, so "n't" ends it.
            if (Negations.Contains(token.Replace("'", "", StringComparison.Ordinal)) || token.EndsWith("n't", StringComparison.Ordinal)) negated = true;
        }
        return marked.ToString().TrimEnd();
    }

    private static bool IsClauseEnd(char c) => c is '.' or ',' or ';' or ':' or '!' or '?' or '(' or ')' or '"' or '-';

    /// <summary>Words (letters, digits and apostrophes) and single punctuation characters.</summary>
    private static IEnumerable<string> Tokens(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '\'');
            if (inWord)
            {
                if (start < 0) start = i;
                continue;
            }
            if (start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
            if (i < text.Length && !char.IsWhiteSpace(text[i])) yield return text[i].ToString();
        }
    }
}
