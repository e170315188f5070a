using Wren.Runtime.Generation;

namespace Wren.Templates;

/// <summary>Hands <see cref="WrenModel.Load"/> the Jinja engine for a model's chat template: <c>WrenModel.Load(path, ChatTemplates.Jinja)</c>.</summary>
public sealed class ChatTemplates : IChatTemplateLoader
{
    public static readonly ChatTemplates Jinja = new();

    private ChatTemplates()
    {
    }

    public IChatTemplate? FromModelDirectory(string directory) => HasTemplate(directory) ? ChatTemplate.FromModelDirectory(directory) : null;

    public IChatTemplate Parse(string source, string? bosToken, string? eosToken, string name) => ChatTemplate.Parse(source, bosToken, eosToken, name);

    /// <summary>Where <see cref="ChatTemplate.FromModelDirectory"/> looks: chat_template.jinja, chat_template.json, or tokenizer_config.json's chat_template.</summary>
    private static bool HasTemplate(string directory) =>
        File.Exists(Path.Combine(directory, "chat_template.jinja")) || File.Exists(Path.Combine(directory, "chat_template.json"))
        || (File.Exists(Path.Combine(directory, "tokenizer_config.json")) && File.ReadAllText(Path.Combine(directory, "tokenizer_config.json")).Contains("\"chat_template\"", StringComparison.Ordinal));
}
