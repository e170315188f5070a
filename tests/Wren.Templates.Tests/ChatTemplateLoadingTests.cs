using System.Text.Json;
using Wren.Runtime;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Templates.Tests;

/// <summary>Loading templates and special tokens from model folders, as transformers 4 and 5 save them.</summary>
public sealed class ChatTemplateLoadingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "wren-chat-template-" + Guid.NewGuid().ToString("N"));

    public ChatTemplateLoadingTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("tiny-llama")]
    [InlineData("tiny-qwen2")]
    public void RendersTheFixtureConversationByteIdentically(string model)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", model);
        using var cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "encode_cases.json")));
        var chat = cases.RootElement.GetProperty("chat");
        var messages = chat.GetProperty("messages").EnumerateArray()
            .Select(m => new TemplateMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()))
            .ToList();

        var template = ChatTemplate.FromModelDirectory(folder);

        Assert.Equal(chat.GetProperty("rendered").GetString(), template.Render(messages, addGenerationPrompt: true));
        Assert.Equal("<|endoftext|>", template.EosToken);
        Assert.Null(template.BosToken);
    }

    [Fact]
    public void ReadsATransformers4StringTemplateAndAddedTokenObjects()
    {
        File.WriteAllText(Path.Combine(_directory, "tokenizer_config.json"), """
            {
              "bos_token": { "__type": "AddedToken", "content": "<s>", "lstrip": false },
              "eos_token": "</s>",
              "chat_template": "{{ bos_token }}{% for m in messages %}[{{ m.role }}] {{ m.content }}{{ eos_token }}{% endfor %}"
            }
            """);

        var template = ChatTemplate.FromModelDirectory(_directory);

        Assert.Equal("<s>", template.BosToken);
        Assert.Equal("<s>[user] hi</s>", template.Render([new TemplateMessage("user", "hi")], addGenerationPrompt: false));
    }

    [Fact]
    public void PicksTheDefaultEntryOfATemplateListOrANamedOne()
    {
        File.WriteAllText(Path.Combine(_directory, "tokenizer_config.json"), """
            {
              "chat_template": [
                { "name": "tool_use", "template": "tools:{{ tools | length }}" },
                { "name": "default", "template": "default:{{ messages | length }}" }
              ]
            }
            """);
        var messages = new[] { new TemplateMessage("user", "a") };

        Assert.Equal("default:1", ChatTemplate.FromModelDirectory(_directory).Render(messages, false));
        Assert.Equal("tools:2", ChatTemplate.FromModelDirectory(_directory, "tool_use")
            .Render(messages, false, new Dictionary<string, object?> { ["tools"] = new[] { "x", "y" } }));
        var e = Assert.Throws<WrenException>(() => ChatTemplate.FromModelDirectory(_directory, "rag"));
        Assert.Contains("no chat template named 'rag' (has: tool_use, default)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrefersChatTemplateJinjaOverTokenizerConfig()
    {
        File.WriteAllText(Path.Combine(_directory, "tokenizer_config.json"), """{ "chat_template": "old", "eos_token": "<e>" }""");
        File.WriteAllText(Path.Combine(_directory, "chat_template.jinja"), "new{{ eos_token }}\n");

        Assert.Equal("new<e>", ChatTemplate.FromModelDirectory(_directory).Render([], false));
    }

    [Fact]
    public void AFolderWithoutATemplateIsAClearError()
    {
        File.WriteAllText(Path.Combine(_directory, "tokenizer_config.json"), """{ "eos_token": "</s>" }""");

        var e = Assert.Throws<WrenException>(() => ChatTemplate.FromModelDirectory(_directory));

        Assert.Contains("has no chat template", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASyntaxErrorNamesTheFileAndLine()
    {
        File.WriteAllText(Path.Combine(_directory, "chat_template.jinja"), "line one\n{% for m in messages %}\n{{ m.content }\n{% endfor %}");

        var e = Assert.Throws<TemplateException>(() => ChatTemplate.FromModelDirectory(_directory));

        Assert.Contains("chat_template.jinja", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void MessagesCarryExtraFieldsAndNullContent()
    {
        var template = ChatTemplate.Parse(
            "{% for m in messages %}{{ m.role }}:{{ m.content if m.content is not none else '-' }}"
            + "{% for c in m.tool_calls | default([]) %}>{{ c.function.name }}({{ c.function.arguments | tojson }}){% endfor %};{% endfor %}");
        var call = new Dictionary<string, object?>
        {
            ["function"] = new Dictionary<string, object?> { ["name"] = "add", ["arguments"] = new Dictionary<string, object?> { ["a"] = 1, ["b"] = 2.5 } },
        };
        var messages = new[]
        {
            new TemplateMessage("user", "sum"),
            new TemplateMessage("assistant", null) { Fields = new Dictionary<string, object?> { ["tool_calls"] = new[] { call } } },
        };

        Assert.Equal("user:sum;assistant:->add({\"a\": 1, \"b\": 2.5});", template.Render(messages, false));
    }
}
