using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wren.Templates.Tests;

/// <summary>
/// Runs tests/peers/jinja/render.mjs: @huggingface/jinja (the engine of transformers.js) under node,
/// rendering a batch of templates. Unavailable (node or the npm install missing), the tests that need it are
/// skipped with the reason, and ./test.sh fails on any skipped test.
/// </summary>
internal static class JinjaPeer
{
    public static string? ScriptPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "peers", "jinja", "render.mjs");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Why the peer cannot run, or null when it can.</summary>
    public static string? Unavailable()
    {
        string? script = ScriptPath();
        if (script is null)
        {
            return "tests/peers/jinja/render.mjs not found above the test assembly";
        }
        if (!Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "@huggingface", "jinja")))
        {
            return "tests/peers/jinja/node_modules is missing (run npm ci there; ./test.sh does)";
        }
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            node!.WaitForExit(10_000);
            return node.ExitCode == 0 ? null : "node --version failed";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not installed";
        }
    }

    /// <summary>Skips the calling test, with the reason, when the peer cannot run (./test.sh installs it).</summary>
    public static void Require()
    {
        string? reason = Unavailable();
        Skip.If(reason is not null, $"the @huggingface/jinja peer cannot run: {reason}");
    }

    /// <summary>Renders each (template, context) pair; each result is the output string or "ERROR: message".</summary>
    public static List<string> Render(IReadOnlyList<(string Template, JsonObject Context)> jobs)
    {
        var batch = new JsonArray();
        foreach (var (template, context) in jobs)
        {
            batch.Add(new JsonObject { ["template"] = template, ["context"] = context.DeepClone() });
        }
        var start = new ProcessStartInfo("node", [ScriptPath()!])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ScriptPath())!,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(batch.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("render.mjs did not finish within 120 s");
        }
        Assert.True(process.ExitCode == 0, "render.mjs failed: " + stderr.Result);
        using var results = JsonDocument.Parse(stdout.Result);
        return results.RootElement.EnumerateArray()
            .Select(r => r.TryGetProperty("output", out var o) ? o.GetString()! : "ERROR: " + r.GetProperty("error").GetString())
            .ToList();
    }
}
