using System.Globalization;
using PersonalizationEngine.ML.Datasets;

namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// Reads the M4 competition's wide CSV files (optionally gzipped): a header, then one row per series, its
/// id first and its values after, quoted; rows are ragged (a shorter series ends in empty cells).
/// </summary>
public static class M4Reader
{
    public static IReadOnlyList<M4Series> Read(string path)
    {
        using var reader = DatasetFile.OpenText(path);
        if (reader.ReadLine() is null) throw new FormatException($"{path}: empty file");
        var series = new List<M4Series>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (text.Length == 0) continue;
            var fields = CsvLine.Split(text);
            var values = new List<double>(fields.Count);
            for (var i = 1; i < fields.Count && fields[i].Trim().Length > 0; i++)
            {
                if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    throw new FormatException($"{path}:{lineNumber}: '{fields[i]}' is not a number");
                values.Add(value);
            }
            if (values.Count == 0) throw new FormatException($"{path}:{lineNumber}: series {fields[0]} has no values");
            series.Add(new M4Series(fields[0].Trim(), values.ToArray()));
        }
        return series;
    }

    /// <summary>
    /// The frequency M4 files are of: the letter every series id starts with (H1, D1, W1, M1, Q1, Y1), else the
    /// file's name (Hourly-train.csv); null when neither says.
    /// </summary>
    public static string? FrequencyOf(IReadOnlyList<M4Series> series, string path)
    {
        var letters = series.Select(s => s.Id.Length > 0 ? char.ToUpperInvariant(s.Id[0]) : ' ').Distinct().ToArray();
        if (letters is [var letter] && "HDWMQY".Contains(letter)) return letter.ToString();
        var name = Path.GetFileName(path).ToLowerInvariant();
        return new[] { "hourly", "daily", "weekly", "monthly", "quarterly", "yearly" }.FirstOrDefault(name.Contains);
    }
}
