using System.IO.Compression;

namespace PersonalizationEngine.ML.Datasets;

/// <summary>Opens a data-set file as text, decompressing it when its name ends in .gz.</summary>
public static class DatasetFile
{
    public static StreamReader OpenText(string path)
    {
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) stream = new GZipStream(stream, CompressionMode.Decompress);
        // The reader owns the stream (and the gzip stream the file).
        return new StreamReader(stream);
    }
}
