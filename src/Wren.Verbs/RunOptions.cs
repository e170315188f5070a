using System.CommandLine;

namespace Wren.Verbs;

/// <summary>The options every verb that runs a model shares, defined once (<c>generate</c>, <c>chat</c>, <c>serve</c>).</summary>
public static class RunOptions
{
    /// <summary><c>--model</c>: <paramref name="localForms"/> says what a local model is for this verb; the host adds what else it takes.</summary>
    public static Option<string> Model(VerbHost host, string localForms) =>
        new("--model", "-m") { Description = localForms + host.OtherModelSources, Required = true };

    public static Option<int?> Threads() => new("--threads") { Description = "Kernel threads (default: all cores)" };

    public static Option<float> Temperature(float byDefault) =>
        new("--temperature") { Description = "Sampling temperature (0 = greedy)", DefaultValueFactory = _ => byDefault };

    public static Option<int> MaxTokens(string description, int byDefault) =>
        new("--max-tokens", "-n") { Description = description, DefaultValueFactory = _ => byDefault };
}
