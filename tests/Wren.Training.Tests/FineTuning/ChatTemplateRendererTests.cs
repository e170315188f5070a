using Wren.Runtime;
using Wren.Runtime.Generation;
using Wren.Templates;
using Wren.Training.FineTuning;

namespace Wren.Training.Tests.FineTuning;

public sealed class ChatTemplateRendererTests
{
    private static readonly ChatMessage[] Conversation =
    [
        new("system", "Be brief."),
        new("user", "Hi there"),
        new("assistant", "Hello!"),
        new("user", "Capital of France?"),
        new("assistant", "Paris."),
    ];

    private const string Llama3Template =
        "{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m.role }}<|end_header_id|>\n\n{{ m.content | trim }}<|eot_id|>{% endfor %}" +
        "{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}";

    private static string[] Trainable(IReadOnlyList<ChatSegment> segments) => segments.Where(s => s.Trainable).Select(s => s.Text).ToArray();

    [Fact]
    public void TheFixtureModelsOwnTemplateMarksEachReplyAndItsEndMarker()
    {
        var template = ChatTemplate.FromModelDirectory(Fixtures.Folder("tiny-llama"));
        var segments = new ChatTemplateRenderer(template).Render(Conversation);

        Assert.Equal(["Hello!<|im_end|>", "Paris.<|im_end|>"], Trainable(segments));
        // Nothing is lost or added: the segments are exactly the template's rendering.
        Assert.Equal(template.Render(Conversation.Select(m => new TemplateMessage(m.Role, m.Content)).ToList(), false), string.Concat(segments.Select(s => s.Text)));
    }

    [Fact]
    public void ALlama3StyleTemplateWithBosAndHeadersMarksTheReplyAndEot()
    {
        var template = ChatTemplate.Parse(Llama3Template, bosToken: "<|begin_of_text|>", eosToken: "<|eot_id|>");
        var segments = new ChatTemplateRenderer(template).Render(Conversation);

        Assert.Equal(["Hello!<|eot_id|>", "Paris.<|eot_id|>"], Trainable(segments));
        Assert.StartsWith("<|begin_of_text|><|start_header_id|>system", segments[0].Text);
        Assert.EndsWith("<|start_header_id|>assistant<|end_header_id|>\n\n", segments[0].Text);
    }

    [Fact]
    public void ATemplateThatRejectsPartialConversationsFallsBackToFindingTheContent()
    {
        // Renders only complete conversations (ending with an assistant turn) and writes the EOS after each reply.
        const string source =
            "{% if messages[-1].role != 'assistant' %}{{ raise_exception('conversations must end with the assistant') }}{% endif %}" +
            "{% for m in messages %}### {{ m.role }}: {{ m.content }}{% if m.role == 'assistant' %}{{ eos_token }}{% endif %}\n{% endfor %}";
        var template = ChatTemplate.Parse(source, eosToken: "</s>");
        var segments = new ChatTemplateRenderer(template).Render(Conversation);

        // The first reply's prompt prefix cannot be rendered (it ends with a user turn), so the reply starts at its
        // content; its end comes from the rendering through it, which does succeed.
        Assert.Equal(["Hello!</s>", "Paris.</s>"], Trainable(segments));
    }

    [Fact]
    public void AGenerationPromptThatDiffersFromRenderedTurnsStillFindsTheReply()
    {
        // Like reasoning models: the generation prompt opens a think block that past turns do not show.
        const string source =
            "{% for m in messages %}<{{ m.role }}>{{ m.content }}</{{ m.role }}>{% endfor %}{% if add_generation_prompt %}<assistant><think>{% endif %}";
        var segments = new ChatTemplateRenderer(ChatTemplate.Parse(source)).Render(Conversation);

        Assert.Equal(["Hello!</assistant>", "Paris.</assistant>"], Trainable(segments));
    }

    [Fact]
    public void ATemplateThatDropsAReplyIsReported()
    {
        const string source = "{% for m in messages %}{% if m.role != 'assistant' %}{{ m.content }}\n{% endif %}{% endfor %}";
        var renderer = new ChatTemplateRenderer(ChatTemplate.Parse(source));

        var e = Assert.ThrowsAny<WrenException>(() => renderer.Render(Conversation));
        Assert.Contains("assistant message 3", e.Message);
    }
}
