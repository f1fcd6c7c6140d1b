using System.Globalization;
using PersonalizationEngine.ML.Datasets;

namespace PersonalizationEngine.ML.Sentiment;

/// <summary>
/// Reads labelled sentences: the UCI "Sentiment Labelled Sentences" files (<c>text TAB 0|1</c>, no header)
/// and SST-2 / GLUE tsv files (header <c>sentence TAB label</c>). Gzip is read when the name ends in .gz.
/// A malformed line is an error naming the file and line: a corpus that silently loses rows trains a
/// worse model without anyone noticing.
/// </summary>
public static class LabelledTextReader
{
    public static IEnumerable<LabelledText> Read(string path)
    {
        using var reader = DatasetFile.OpenText(path);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var tab = line.LastIndexOf('\t');
            if (lineNumber == 1 && line.StartsWith("sentence\t", StringComparison.OrdinalIgnoreCase)) continue;
            var label = tab < 0 ? "" : line[(tab + 1)..].Trim();
            if (label is not ("0" or "1"))
                throw new InvalidDataException($"{Path.GetFileName(path)} line {lineNumber.ToString(CultureInfo.InvariantCulture)}: expected 'text<TAB>0|1'");
            var text = line[..tab].Trim();
            if (text.Length > 0) yield return new LabelledText(text, label == "1");
        }
    }
}
