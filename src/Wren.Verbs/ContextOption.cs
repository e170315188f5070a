using System.CommandLine;
using System.Globalization;
using Wren.Runtime.Generation;
using Wren.Runtime.Models;

namespace Wren.Verbs;

/// <summary><c>--context</c> of the verbs that generate, and the line that says what context a run got.</summary>
public static class ContextOption
{
    public static Option<int?> Create() => new("--context")
    {
        Description = "Tokens of context per sequence, prompt and reply together (default: the model's own, at most " +
            InferenceSessionOptions.DefaultMaxContext.ToString("N0", CultureInfo.InvariantCulture) + ", since the KV cache is allocated whole)",
    };

    /// <summary>
    /// "context 4,096 tokens (the model has 131,072; --context sets it)" when the default cap shortened it, and a
    /// warning when --context asked for more positions than the model was trained on.
    /// </summary>
    public static string Describe(WrenModel model, int context) => context switch
    {
        _ when context < model.TrainedContext =>
            string.Create(CultureInfo.InvariantCulture, $"context {context:N0} tokens (the model has {model.TrainedContext:N0}; --context sets it)"),
        _ when context > model.TrainedContext =>
            string.Create(CultureInfo.InvariantCulture, $"context {context:N0} tokens, past the {model.TrainedContext:N0} positions the model was trained on: what it writes there is untested"),
        _ => string.Create(CultureInfo.InvariantCulture, $"context {context:N0} tokens"),
    };
}
