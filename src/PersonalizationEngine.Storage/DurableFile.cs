namespace PersonalizationEngine.Storage;

/// <summary>
/// Writes a whole file so that a crash leaves either the old file or the new one, never half of it: the
/// content goes to a temporary file beside it, is forced to disk, and the temporary file is renamed over it.
/// </summary>
public static class DurableFile
{
    /// <param name="overwrite">False: an existing file at <paramref name="path"/> is an error (written only once).</param>
    public static void Write(string path, Action<Stream> write, bool overwrite = true)
    {
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            write(file);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite);
    }
}
