using System.Globalization;
using System.Text;

namespace PersonalizationEngine.ML.Datasets;

/// <summary>
/// Reads MovieLens ratings: the 100K <c>u.data</c> format (user, item, rating, unix time; tab separated)
/// and the <c>ratings.csv</c> format (userId,movieId,rating,timestamp with a header), and the catalogs: the 100K
/// <c>u.item</c> (Latin-1, pipe separated, genre flags) and <c>movies.csv</c> (movieId,title,genres).
/// </summary>
public static class MovieLensReader
{
    public static IEnumerable<DatasetInteraction> ReadRatings(string path)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith("userId", StringComparison.Ordinal)) continue;
            var fields = line.Contains('\t') ? line.Split('\t') : line.TrimEnd('\r').Split(',');
            if (fields.Length < 4)
                throw new FormatException($"{path}:{lineNumber}: expected user, item, rating, timestamp");
            var occurredAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(fields[3], CultureInfo.InvariantCulture));
            yield return new DatasetInteraction(
                EventId: $"ml-{fields[0]}-{fields[1]}-{fields[3]}",
                CustomerId: fields[0],
                ProductId: fields[1],
                Kind: DatasetInteractionKind.Rating,
                Value: double.Parse(fields[2], CultureInfo.InvariantCulture),
                OccurredAt: occurredAt);
        }
    }

    /// <summary>Reads <c>u.item</c>; a movie's category is its first genre.</summary>
    public static IEnumerable<DatasetProduct> ReadItems(string itemPath, string genrePath)
    {
        var genres = File.ReadLines(genrePath, Encoding.Latin1)
            .Where(l => l.Contains('|'))
            .Select(l => l.Split('|'))
            .ToDictionary(f => int.Parse(f[1], CultureInfo.InvariantCulture), f => f[0]);
        foreach (var line in File.ReadLines(itemPath, Encoding.Latin1))
        {
            var fields = line.Split('|');
            if (fields.Length < 6) continue;
            var flags = fields.AsSpan(5);
            var genreIndex = flags.IndexOf("1");
            var category = genreIndex >= 0 && genres.TryGetValue(genreIndex, out var genre) ? genre : "unknown";
            yield return new DatasetProduct(fields[0], fields[1], category, 0);
        }
    }

    /// <summary>
    /// The catalog beside a ratings file: <c>u.item</c> (with <c>u.genre</c>) beside <c>u.data</c>, or <c>movies.csv</c>
    /// beside <c>ratings.csv</c>; the category is the first genre. Empty when neither is there.
    /// </summary>
    public static IEnumerable<DatasetProduct> ReadItemsBeside(string ratingsPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(ratingsPath))!;
        if (File.Exists(Path.Combine(folder, "u.item")) && File.Exists(Path.Combine(folder, "u.genre")))
            return ReadItems(Path.Combine(folder, "u.item"), Path.Combine(folder, "u.genre"));
        return File.Exists(Path.Combine(folder, "movies.csv")) ? ReadMoviesCsv(Path.Combine(folder, "movies.csv")) : [];
    }

    /// <summary>Reads <c>movies.csv</c> (movieId,title,genres with a header; genres separated by '|').</summary>
    public static IEnumerable<DatasetProduct> ReadMoviesCsv(string path)
    {
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = CsvLine.Split(line);
            if (fields.Count < 3) continue;
            yield return new DatasetProduct(fields[0], fields[1], fields[2].Split('|')[0], 0);
        }
    }
}
