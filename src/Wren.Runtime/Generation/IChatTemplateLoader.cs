namespace Wren.Runtime.Generation;

/// <summary>Reads chat templates where <see cref="WrenModel.Load"/> finds them; Wren.Templates' <c>ChatTemplates.Jinja</c> is the one Wren ships.</summary>
public interface IChatTemplateLoader
{
    /// <summary>The chat template of a Hugging Face model folder, or null when the folder has none.</summary>
    IChatTemplate? FromModelDirectory(string directory);

    /// <summary>A template given as text (a GGUF file's <c>tokenizer.chat_template</c>); <paramref name="name"/> appears in errors.</summary>
    IChatTemplate Parse(string source, string? bosToken, string? eosToken, string name);
}
