namespace PersonalizationEngine.ML.Data;

/// <summary>A two-way map between string ids and dense indices 0..Count-1, in order of first appearance.</summary>
public sealed class IdIndex
{
    private readonly Dictionary<string, int> _indices = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];

    public int Count => _ids.Count;

    public int GetOrAdd(string id)
    {
        if (_indices.TryGetValue(id, out var index)) return index;
        _indices.Add(id, _ids.Count);
        _ids.Add(id);
        return _ids.Count - 1;
    }

    public bool TryGetIndex(string id, out int index) => _indices.TryGetValue(id, out index);

    public string IdOf(int index) => _ids[index];
}
