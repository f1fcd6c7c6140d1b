using System.IO.Compression;
using System.Text.Json;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>
/// The served pair of models: purchase propensity over <see cref="PropensityFeatures.PairNames"/> and churn
/// over <see cref="PropensityFeatures.CustomerNames"/>, for one horizon. Saved as one zip holding both
/// ML.NET models and the feature names they were trained on; a snapshot whose features differ from this
/// build's feature builder is refused on load rather than served with shifted columns.
/// </summary>
public sealed record PropensityPredictor(BinaryModel Purchase, BinaryModel Churn, int HorizonDays, bool UsesTaste)
{
    private const string PurchaseEntry = "purchase.zip";
    private const string ChurnEntry = "churn.zip";
    private const string SettingsEntry = "settings.json";

    public double PurchaseProbability(float[] pairFeatures) => Purchase.Predict(pairFeatures);

    public double ChurnProbability(float[] customerFeatures) => Churn.Predict(customerFeatures);

    public void Save(Stream destination)
    {
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        using (var entry = zip.CreateEntry(PurchaseEntry).Open()) Purchase.Save(entry);
        using (var entry = zip.CreateEntry(ChurnEntry).Open()) Churn.Save(entry);
        using (var entry = zip.CreateEntry(SettingsEntry).Open())
            JsonSerializer.Serialize(entry, new Settings(HorizonDays, UsesTaste, PropensityFeatures.PairNames, PropensityFeatures.CustomerNames));
    }

    public static PropensityPredictor Load(Stream source)
    {
        using var zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
        Settings settings;
        using (var entry = Open(zip, SettingsEntry)) settings = JsonSerializer.Deserialize<Settings>(entry) ?? throw new InvalidDataException("empty propensity settings");
        if (!settings.PairFeatures.SequenceEqual(PropensityFeatures.PairNames) || !settings.CustomerFeatures.SequenceEqual(PropensityFeatures.CustomerNames))
            throw new InvalidDataException("the propensity snapshot was trained on other features than this build computes; retrain it");
        return new PropensityPredictor(LoadModel(zip, PurchaseEntry), LoadModel(zip, ChurnEntry), settings.HorizonDays, settings.UsesTaste);
    }

    private static BinaryModel LoadModel(ZipArchive zip, string name)
    {
        // ML.NET needs a seekable stream; zip entries are not.
        using var entry = Open(zip, name);
        using var buffer = new MemoryStream();
        entry.CopyTo(buffer);
        buffer.Position = 0;
        return BinaryModel.Load(buffer);
    }

    private static Stream Open(ZipArchive zip, string name) =>
        (zip.GetEntry(name) ?? throw new InvalidDataException($"propensity snapshot lacks {name}")).Open();

    private sealed record Settings(int HorizonDays, bool UsesTaste, IReadOnlyList<string> PairFeatures, IReadOnlyList<string> CustomerFeatures);
}
