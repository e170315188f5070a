using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Templates.Tests;

/// <summary>
/// Real chat templates (SmolLM2, Llama-3, Llama-3.2 with tools and dates, Phi-3, Qwen2.5 and Qwen3 with
/// tools, Gemma-2 with its role checks) render byte-identically to @huggingface/jinja, whose outputs are
/// committed in TestData/chat-templates/expected.json.
/// </summary>
public sealed class ChatTemplateReferenceTests
{
    public static IEnumerable<object[]> Cases() => ChatTemplateCases.ExpectedRows();

    [Theory]
    [MemberData(nameof(Cases))]
    public void RendersLikeTheReferenceEngine(string model, string conversation, bool addGenerationPrompt)
    {
        var expected = ChatTemplateCases.ExpectedEntry(model, conversation, addGenerationPrompt);
        var template = ChatTemplateCases.Template(model);
        var messages = ChatTemplateCases.Messages(conversation);
        var variables = ChatTemplateCases.Variables(model, conversation);

        if (expected.TryGetProperty("error", out var error))
        {
            var e = Assert.Throws<TemplateRaisedException>(() => template.Render(messages, addGenerationPrompt, variables));
            Assert.Equal(error.GetString(), e.TemplateMessage);
            Assert.Contains(error.GetString()!, e.Message, StringComparison.Ordinal);
            Assert.Contains(model + ".jinja", e.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(expected.GetProperty("output").GetString(), template.Render(messages, addGenerationPrompt, variables));
        }
    }

    [Fact]
    public void EveryReferenceTemplateHasCasesWithAndWithoutAGenerationPrompt()
    {
        foreach (string model in ChatTemplateCases.ModelNames())
        {
            var rows = ChatTemplateCases.ExpectedRows().Where(r => (string)r[0] == model).ToList();
            Assert.Contains(rows, r => (bool)r[2]);
            Assert.Contains(rows, r => !(bool)r[2]);
        }
        // Tools branches are covered where the template has them.
        Assert.Contains(ChatTemplateCases.ExpectedRows(), r => (string)r[0] == "qwen2.5-0.5b-instruct" && (string)r[1] == "tools_call_and_response");
        Assert.Contains(ChatTemplateCases.ExpectedRows(), r => (string)r[0] == "llama-3.2-1b-instruct" && (string)r[1] == "tools_no_system");
    }

    [Fact]
    public void Llama32WithoutADateStringUsesStrftimeNow()
    {
        var template = ChatTemplateCases.Template("llama-3.2-1b-instruct");
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 5, 9, 30, 0, TimeSpan.Zero));

        string prompt = template.Render([new TemplateMessage("user", "Hi")], addGenerationPrompt: true, timeProvider: clock);

        Assert.Contains("Today Date: 05 Nov 2026\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Qwen3DropsThinkingFromEarlierTurnsAndCanDisableThinking()
    {
        var template = ChatTemplateCases.Template("qwen3-8b");
        var messages = ChatTemplateCases.Messages("thinking_history");

        string prompt = template.Render(messages, addGenerationPrompt: true, new Dictionary<string, object?> { ["enable_thinking"] = false });

        Assert.DoesNotContain("It has no divisors", prompt, StringComparison.Ordinal);
        Assert.EndsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n", prompt, StringComparison.Ordinal);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
