using System.Collections;
using System.Reflection;

namespace PersonalizationEngine.StateCheck;

/// <summary>
/// The first difference between two object graphs, as a path ("Activity.Days[3].Revenue: 12 vs 14"), or
/// null when they are equal: every instance field, public or not (auto-properties by their name),
/// dictionaries by key whatever their order, sets as sets, lists by position, floating-point numbers equal
/// within a relative 1e-9 (the same sums added in another order). Members named in <c>ignored</c> are skipped.
/// </summary>
public sealed class StateDifference
{
    private const double Tolerance = 1e-9;
    private readonly IReadOnlySet<string> _ignored;

    private StateDifference(IReadOnlySet<string> ignored) => _ignored = ignored;

    public static string? Find(object? expected, object? actual, string path = "", IReadOnlySet<string>? ignored = null) =>
        new StateDifference(ignored ?? new HashSet<string>()).Compare(expected, actual, path);

    private string? Compare(object? expected, object? actual, string path) => (expected, actual) switch
    {
        (null, null) => null,
        (null, _) or (_, null) => $"{path}: {Show(expected)} vs {Show(actual)}",
        _ when expected.GetType() != actual.GetType() => $"{path}: a {expected.GetType().Name} vs a {actual.GetType().Name}",
        (double a, double b) => Close(a, b) ? null : $"{path}: {a:R} vs {b:R}",
        (float a, float b) => Close(a, b) ? null : $"{path}: {a:R} vs {b:R}",
        (string or DateTimeOffset or DateTime or DateOnly or TimeSpan or Enum or decimal, _) => Equals(expected, actual) ? null : $"{path}: {Show(expected)} vs {Show(actual)}",
        _ when expected.GetType().IsPrimitive => Equals(expected, actual) ? null : $"{path}: {Show(expected)} vs {Show(actual)}",
        (IDictionary a, IDictionary b) => Dictionaries(a, b, path),
        (ISet<long> a, ISet<long> b) => a.SetEquals(b) ? null : $"{path}: {a.Count} items vs {b.Count}, {a.Except(b).Concat(b.Except(a)).First()} in one only",
        (IEnumerable a, IEnumerable b) => Sequences(a.Cast<object?>().ToList(), b.Cast<object?>().ToList(), path),
        _ => Fields(expected, actual, path),
    };

    private static bool Close(double a, double b) =>
        a.Equals(b) || Math.Abs(a - b) <= Tolerance * Math.Max(Math.Abs(a), Math.Abs(b));

    private string? Dictionaries(IDictionary expected, IDictionary actual, string path)
    {
        foreach (var key in expected.Keys)
        {
            if (!actual.Contains(key)) return $"{path}[{key}]: present vs missing";
            if (Compare(expected[key], actual[key], $"{path}[{key}]") is { } difference) return difference;
        }
        foreach (var key in actual.Keys)
        {
            if (!expected.Contains(key)) return $"{path}[{key}]: missing vs present";
        }
        return null;
    }

    private string? Sequences(List<object?> expected, List<object?> actual, string path)
    {
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            if (Compare(expected[i], actual[i], $"{path}[{i}]") is { } difference) return difference;
        }
        return expected.Count == actual.Count ? null : $"{path}: {expected.Count} items vs {actual.Count}";
    }

    private string? Fields(object expected, object actual, string path)
    {
        for (var type = expected.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var name = field.Name.StartsWith('<') ? field.Name[1..field.Name.IndexOf('>')] : field.Name;
                if (_ignored.Contains(name)) continue;
                if (Compare(field.GetValue(expected), field.GetValue(actual), path.Length == 0 ? name : $"{path}.{name}") is { } difference) return difference;
            }
        }
        return null;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => value.ToString() ?? "?",
    };
}
