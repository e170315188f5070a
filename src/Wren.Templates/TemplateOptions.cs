namespace Wren.Templates;

/// <summary>Jinja environment settings that change how a template is lexed.</summary>
public sealed record TemplateOptions
{
    /// <summary>The settings transformers uses for chat templates: <c>trim_blocks</c> and <c>lstrip_blocks</c> on.</summary>
    public static readonly TemplateOptions ChatTemplate = new() { TrimBlocks = true, LstripBlocks = true };

    /// <summary>Remove the first newline after a block tag (<c>%}</c>) or comment.</summary>
    public bool TrimBlocks { get; init; }

    /// <summary>Remove spaces and tabs from the start of a line up to a block tag or comment.</summary>
    public bool LstripBlocks { get; init; }

    /// <summary>Keep a single trailing newline of the template source (Jinja drops it by default).</summary>
    public bool KeepTrailingNewline { get; init; }

    /// <summary>Name used in error messages (a file path, "chat template").</summary>
    public string? Name { get; init; }
}
