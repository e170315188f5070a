namespace Wren.Runtime.Generation;

/// <summary>
/// A model's chat template: turns a conversation into the prompt text the model was trained on. The runtime
/// only renders through this interface; the Jinja engine that implements Hugging Face templates is in Wren.Templates,
/// so a build that serves completions alone does not carry it.
/// </summary>
public interface IChatTemplate
{
    /// <summary>The template's source text, as the model folder or GGUF file holds it.</summary>
    string Source { get; }

    /// <summary>The <c>bos_token</c> the template sees (null when the tokenizer has none).</summary>
    string? BosToken { get; }

    /// <summary>The <c>eos_token</c> the template sees; also a stop token of replies.</summary>
    string? EosToken { get; }

    /// <param name="addGenerationPrompt">End with the opening of an assistant turn, for the model to continue.</param>
    string Render(IReadOnlyList<TemplateMessage> messages, bool addGenerationPrompt);
}
