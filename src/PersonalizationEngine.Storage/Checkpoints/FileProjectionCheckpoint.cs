using System.Globalization;
using PersonalizationEngine.Storage;

namespace PersonalizationEngine.Storage.Checkpoints;

/// <summary>
/// The checkpoint of a silo with its own log, in a small file under the data folder. Written atomically
/// (temp file, fsync, rename). A null path means grain state is not durable (memory storage): the whole
/// log is replayed every start.
/// </summary>
public sealed class FileProjectionCheckpoint(string? path) : IProjectionCheckpoint
{
    public long Read() =>
        path is not null && File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;

    public void Write(long sequence)
    {
        if (path is null) return;
        DurableFile.Write(path, file =>
        {
            using var writer = new StreamWriter(file, leaveOpen: true);
            writer.Write(sequence.ToString(CultureInfo.InvariantCulture));
        });
    }
}
