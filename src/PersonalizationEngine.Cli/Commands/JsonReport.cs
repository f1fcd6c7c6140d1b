using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>The <c>--json</c> file of the evaluation commands: indented camelCase; NaN (an AUC of one class) written as "NaN".</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string path, object report, IAnsiConsole console)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(report, Options));
        console.MarkupLine($"wrote {Markup.Escape(path)}");
    }
}
