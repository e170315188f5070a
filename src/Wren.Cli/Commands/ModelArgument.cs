using Wren.Cli.Terminal;
using Wren.Runtime.Hub;

namespace Wren.Cli.Commands;

/// <summary>
/// A <c>--model</c>, <c>--base</c> or <c>--adapter</c> value made local by <see cref="ModelResolver"/>: a path is
/// used as it is; a hub model is pulled (or found in the cache) with its progress bar and a summary line on stderr,
/// where they cannot mix into what the verb prints on stdout.
/// </summary>
internal static class ModelArgument
{
    public static async Task<string> LocalPathAsync(CliConsole console, string model, CancellationToken ct)
    {
        if (ModelResolver.HubReference(model) is null) return model;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var resolved = await SpectreProgressSink.ShowAsync(console.Error, progress => new ModelResolver().ResolveAsync(model, progress, ct)).ConfigureAwait(false);
        console.ErrorLine(PullSummary.Line(resolved.Pull!, clock.Elapsed));
        return resolved.Path;
    }
}
