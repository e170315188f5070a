using System.Text.Json;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Templates.Tests;

/// <summary>
/// The real chat templates in <c>TestData/chat-templates</c> (models.json names them and their special
/// tokens), the conversations rendered with them, and the outputs @huggingface/jinja gave (expected.json).
/// </summary>
internal static class ChatTemplateCases
{
    public static string DataDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "chat-templates");

    private static readonly Lazy<JsonDocument> s_models = new(() => Load("models.json"));
    private static readonly Lazy<JsonDocument> s_conversations = new(() => Load("conversations.json"));
    private static readonly Lazy<JsonDocument> s_expected = new(() => Load("expected.json"));

    private static JsonDocument Load(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(DataDirectory, file)));

    public static JsonElement Expected => s_expected.Value.RootElement;

    public static JsonElement Model(string model) => s_models.Value.RootElement.GetProperty(model);

    public static IEnumerable<string> ModelNames() => s_models.Value.RootElement.EnumerateObject().Select(p => p.Name);

    public static JsonElement Conversation(string name) => s_conversations.Value.RootElement.GetProperty(name);

    public static string TemplateSource(string model) => File.ReadAllText(Path.Combine(DataDirectory, model + ".jinja"));

    public static ChatTemplate Template(string model)
    {
        var info = Model(model);
        return ChatTemplate.Parse(TemplateSource(model), OptionalString(info, "bos_token"), OptionalString(info, "eos_token"), model + ".jinja");
    }

    /// <summary>The messages of a conversation as <see cref="TemplateMessage"/>s; fields other than role and content go to <see cref="TemplateMessage.Fields"/>.</summary>
    public static List<TemplateMessage> Messages(string conversation)
    {
        var messages = new List<TemplateMessage>();
        foreach (var m in Conversation(conversation).GetProperty("messages").EnumerateArray())
        {
            var fields = new Dictionary<string, object?>();
            foreach (var p in m.EnumerateObject())
            {
                if (p.Name is not ("role" or "content"))
                {
                    fields[p.Name] = p.Value.Clone();
                }
            }
            messages.Add(new TemplateMessage(m.GetProperty("role").GetString()!, OptionalString(m, "content"))
            {
                Fields = fields.Count > 0 ? fields : null,
            });
        }
        return messages;
    }

    /// <summary>Variables besides messages: the conversation's tools and the model's extra ones (date_string).</summary>
    public static Dictionary<string, object?> Variables(string model, string conversation)
    {
        var variables = new Dictionary<string, object?>();
        if (Model(model).TryGetProperty("extra", out var extra))
        {
            foreach (var p in extra.EnumerateObject())
            {
                variables[p.Name] = p.Value.Clone();
            }
        }
        if (Conversation(conversation).TryGetProperty("tools", out var tools))
        {
            variables["tools"] = tools.Clone();
        }
        return variables;
    }

    public static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>xUnit rows: one per entry of expected.json (model, conversation, add_generation_prompt).</summary>
    public static IEnumerable<object[]> ExpectedRows() =>
        Expected.EnumerateArray().Select(e => new object[]
        {
            e.GetProperty("model").GetString()!,
            e.GetProperty("conversation").GetString()!,
            e.GetProperty("add_generation_prompt").GetBoolean(),
        });

    public static JsonElement ExpectedEntry(string model, string conversation, bool addGenerationPrompt) =>
        Expected.EnumerateArray().Single(e =>
            e.GetProperty("model").GetString() == model
            && e.GetProperty("conversation").GetString() == conversation
            && e.GetProperty("add_generation_prompt").GetBoolean() == addGenerationPrompt);
}
