using System.Globalization;
using Grpc.Core;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>Checks of request fields; each failure is INVALID_ARGUMENT naming the field.</summary>
public static class RequestValidation
{
    public static RpcException Invalid(string field, string problem) =>
        new(new Status(StatusCode.InvalidArgument, $"{field}: {problem}"));

    /// <summary>A value from the request as an error message may quote it: at most 64 characters (a reply's headers are bounded).</summary>
    public static string Quote(string value) => value.Length <= 64 ? value : value[..64] + "…";

    /// <summary>An id: not empty, not longer than <paramref name="maxLength"/>, no control characters.</summary>
    public static string RequireId(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) throw Invalid(field, "must not be empty");
        CheckId(value, field, maxLength);
        return value;
    }

    /// <summary>An optional id: empty means absent (null).</summary>
    public static string? OptionalId(string? value, string field, int maxLength)
    {
        if (string.IsNullOrEmpty(value)) return null;
        CheckId(value, field, maxLength);
        return value;
    }

    /// <summary>A repeated field of one call: not empty, at most <paramref name="max"/> entries.</summary>
    public static void RequireBatch(int count, string field, int max)
    {
        if (count == 0) throw Invalid(field, "must not be empty");
        if (count > max) throw Invalid(field, $"at most {max} per call");
    }

    public static int RequireCount(int value, string field, int max)
    {
        if (value <= 0) throw Invalid(field, "must be positive");
        if (value > max) throw Invalid(field, $"must be at most {max}");
        return value;
    }

    public static void RequireText(string? value, string field, int maxLength)
    {
        if (value is not null && value.Length > maxLength) throw Invalid(field, $"is longer than {maxLength} characters");
    }

    public static double RequireFinite(double value, string field)
    {
        if (!double.IsFinite(value)) throw Invalid(field, "must be a finite number");
        return value;
    }

    /// <summary>A timestamp the runtime can represent (protobuf allows some it cannot).</summary>
    public static DateTimeOffset RequireTime(Google.Protobuf.WellKnownTypes.Timestamp timestamp, string field)
    {
        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw Invalid(field, "is not a valid timestamp");
        }
    }

    /// <summary>
    /// Ids name grains and keys in the log: bounded in length, and plain text, so that no two ids look the
    /// same but differ (invisible format characters, leading or trailing space) and none carries bytes that
    /// were not valid UTF-8 (the decoder turns those into U+FFFD) or half of a surrogate pair.
    /// </summary>
    private static void CheckId(string value, string field, int maxLength)
    {
        if (value.Length > maxLength) throw Invalid(field, $"is longer than {maxLength} characters");
        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) throw Invalid(field, "must not start or end with white space");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(c) || c == '\uFFFD') throw Invalid(field, "must be valid UTF-8 text");
            else if (char.IsControl(c)) throw Invalid(field, "must not contain control characters");
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) throw Invalid(field, "must not contain invisible format characters");
        }
    }
}
