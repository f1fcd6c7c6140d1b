using System.Text.Json;
using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Storage.Models;

/// <summary>
/// A model's runs in this silo's folder (under data/models): every run as <c>vNNNNNN.json</c>, a
/// published one with its model as <c>vNNNNNN.bin</c>, each written to a temporary file and renamed, so a
/// crash never leaves half a snapshot.
/// </summary>
public sealed class FolderModelArchive : IModelArchive
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _folder;
    private readonly Lock _writeLock = new();

    public FolderModelArchive(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
    }

    public bool Shared => false;

    public IReadOnlyList<ModelVersionInfo> History() =>
        Directory.GetFiles(_folder, "v*.json").Order(StringComparer.Ordinal)
            .Select(path => JsonSerializer.Deserialize<ModelVersionInfo>(File.ReadAllText(path), Json)!)
            .ToList();

    public int NextVersion()
    {
        lock (_writeLock)
        {
            return Directory.GetFiles(_folder, "v*.json").Select(p => int.Parse(Path.GetFileNameWithoutExtension(p)[1..])).DefaultIfEmpty(0).Max() + 1;
        }
    }

    public void Record(ModelVersionInfo run)
    {
        lock (_writeLock) DurableFile.Write(InfoPath(run.Version), stream => JsonSerializer.Serialize(stream, run, Json));
    }

    public void Publish(ModelVersionInfo run, Action<Stream> writeSnapshot)
    {
        lock (_writeLock)
        {
            // The snapshot first: a run is listed as published only once its model is on disk.
            DurableFile.Write(SnapshotPath(run.Version), writeSnapshot);
            DurableFile.Write(InfoPath(run.Version), stream => JsonSerializer.Serialize(stream, run, Json));
        }
    }

    public byte[]? ReadSnapshot(int version)
    {
        var path = SnapshotPath(version);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    private string InfoPath(int version) => Path.Combine(_folder, $"v{version:D6}.json");

    private string SnapshotPath(int version) => Path.Combine(_folder, $"v{version:D6}.bin");
}
