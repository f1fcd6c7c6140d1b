using System.Text.Json;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.Server.Serving;

/// <summary>
/// This silo's recommendation model: every training run is recorded as <c>vNNNNNN.json</c> under the
/// models folder, a published one with its factors as <c>vNNNNNN.bin</c> (each written to a temporary
/// file and renamed, so a crash never leaves half a snapshot). <see cref="Current"/> is swapped as one
/// reference: a request sees the old model or the new one, never a mix, and never waits. On start-up the
/// latest published snapshot is loaded.
/// </summary>
public sealed class RecommendationModelStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _folder;
    private readonly Lock _writeLock = new();
    private volatile ServingModel? _current;

    public RecommendationModelStore(string folder, ILogger<RecommendationModelStore> logger)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        var latest = History().Where(r => r.Published && File.Exists(SnapshotPath(r.Version))).MaxBy(r => r.Version);
        if (latest is null) return;
        using var file = File.OpenRead(SnapshotPath(latest.Version));
        _current = new ServingModel(latest, ItemFactorSnapshot.Load(file));
        logger.LogInformation("Loaded recommendation model v{Version} ({Items} items)", latest.Version, _current.Snapshot.ItemIds.Count);
    }

    public ServingModel? Current => _current;

    /// <summary>Every recorded run, oldest first.</summary>
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

    /// <summary>Records a run that is not published.</summary>
    public void Record(ModelVersionInfo run)
    {
        lock (_writeLock) WriteAtomically(InfoPath(run.Version), stream => JsonSerializer.Serialize(stream, run, Json));
    }

    /// <summary>Saves the snapshot, then makes it the serving model (a new run here, or one trained on another silo).</summary>
    public void Publish(ModelVersionInfo run, ItemFactorSnapshot snapshot) => Publish(run, snapshot, snapshot.Save);

    /// <summary>Publishes a version trained on another silo, from its saved bytes (written as they came, not saved again).</summary>
    public void Publish(ModelVersionInfo run, byte[] savedSnapshot)
    {
        using var stream = new MemoryStream(savedSnapshot, writable: false);
        Publish(run, ItemFactorSnapshot.Load(stream), file => file.Write(savedSnapshot));
    }

    private void Publish(ModelVersionInfo run, ItemFactorSnapshot snapshot, Action<Stream> writeSnapshot)
    {
        lock (_writeLock)
        {
            WriteAtomically(SnapshotPath(run.Version), writeSnapshot);
            WriteAtomically(InfoPath(run.Version), stream => JsonSerializer.Serialize(stream, run, Json));
            _current = new ServingModel(run, snapshot);
        }
    }

    /// <summary>The saved snapshot of a published version, for a silo that does not have it yet.</summary>
    public byte[]? ReadSnapshot(int version)
    {
        var path = SnapshotPath(version);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    private string InfoPath(int version) => Path.Combine(_folder, $"v{version:D6}.json");

    private string SnapshotPath(int version) => Path.Combine(_folder, $"v{version:D6}.bin");

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            write(file);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
