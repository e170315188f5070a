using System.Text.Json;
using Wren.Runtime.Generation;

namespace Wren.Runtime.Constraints;

/// <summary>The <c>--json-schema FILE</c> option of <c>wren generate</c> and <c>wren-run generate</c>: one reading of it for both.</summary>
public static class JsonSchemaFile
{
    /// <summary>The constraint for the schema in <paramref name="path"/> over <paramref name="model"/>'s vocabulary; null without a file.</summary>
    /// <exception cref="WrenException">The file is missing or holds a schema the constraint cannot honour (the message names the file).</exception>
    public static TokenConstraint? Load(string? path, WrenModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (path is null) return null;
        if (!File.Exists(path)) throw new WrenException($"--json-schema: '{Path.GetFullPath(path)}' does not exist");
        try
        {
            return TokenConstraint.ForJsonSchema(File.ReadAllText(path), model.Tokenizer, model.Model.Config.VocabSize);
        }
        catch (WrenException e)
        {
            throw new WrenException($"--json-schema {Path.GetFileName(path)}: {e.Message}");
        }
    }

    /// <summary>Whether constrained output is a whole JSON value: it is not when --max-tokens cut it short.</summary>
    public static bool IsComplete(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
