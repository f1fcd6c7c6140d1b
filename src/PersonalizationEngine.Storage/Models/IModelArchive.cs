using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Storage.Models;

/// <summary>
/// Where one model's training runs and published snapshots are kept: this silo's folder
/// (<see cref="FolderModelArchive"/>) or, with the shared log, PostgreSQL beside it
/// (<see cref="PostgresModelArchive"/>), where every silo and whichever silo trains next see the same runs.
/// </summary>
public interface IModelArchive
{
    /// <summary>True when every silo reads this archive: a version published elsewhere is already in it.</summary>
    bool Shared { get; }

    /// <summary>Every recorded run, oldest first.</summary>
    IReadOnlyList<ModelVersionInfo> History();

    int NextVersion();

    /// <summary>Records a run that is not published.</summary>
    void Record(ModelVersionInfo run);

    /// <summary>Records a published run with its snapshot, written by <paramref name="writeSnapshot"/>; all or nothing.</summary>
    void Publish(ModelVersionInfo run, Action<Stream> writeSnapshot);

    /// <summary>The saved model of a published version; null when there is none.</summary>
    byte[]? ReadSnapshot(int version);
}
