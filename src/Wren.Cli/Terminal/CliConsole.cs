using Spectre.Console;
using Wren.Cli.Commands;
using Wren.Pipeline.Tasks;
using Wren.Server.Prometheus;
using Wren.Verbs;

namespace Wren.Cli.Terminal;

/// <summary>
/// Where the <c>wren</c> command writes and reads: <see cref="Out"/> for what a verb reports (tables, results),
/// <see cref="Error"/> for errors, timings and progress that must not mix into results piped from stdout, and
/// <see cref="In"/> for <c>wren chat</c>. Program.cs makes the real one; tests pass Spectre's TestConsole.
/// </summary>
internal sealed record CliConsole(IAnsiConsole Out, IAnsiConsole Error, TextReader In)
{
    /// <summary>Text exactly as given on stdout (JSON, generated text): no markup, no wrapping at the console's width.</summary>
    public void Write(string text)
    {
        var writer = Out.Profile.Out.Writer;
        writer.Write(text);
        writer.Flush();
    }

    public void WriteLine(string text = "") => Write(text + Environment.NewLine);

    /// <summary>The same streams for the verbs wren shares with wren-run (<see cref="GenerateVerb"/>, <see cref="ChatVerb"/>, <see cref="ServeVerb"/>), with hub models pulled, task run folders served and Prometheus /metrics.</summary>
    public VerbHost VerbHost() => new()
    {
        Tool = "wren",
        In = In,
        Out = Out.Profile.Out.Writer,
        Error = Error.Profile.Out.Writer,
        OtherModelSources = ", or ORG/NAME[@REVISION] on the Hugging Face hub (pulled when missing); ORG/NAME:FILE.gguf for one GGUF file",
        LocalModel = (model, ct) => ModelArgument.LocalPathAsync(this, model, ct),
        ServerMetrics = PrometheusServerMetrics.Create,
        FindServedTask = path => ServedTask.Find(path) is { } task ? new ServedFolder(task.ModelFolder, task.Constraint, task.Describe()) : null,
    };

    /// <summary>One line on stderr, as is (an error that scripts and logs read whole).</summary>
    public void ErrorLine(string text)
    {
        var writer = Error.Profile.Out.Writer;
        writer.WriteLine(text);
        writer.Flush();
    }
}
