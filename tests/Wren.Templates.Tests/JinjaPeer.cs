using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wren.Templates.Tests;

/// <summary>
/// Runs tests/peers/jinja/render.mjs: @huggingface/jinja (the engine of transformers.js) under node,
/// rendering a batch of templates. Unavailable (node or the npm install missing) is a test failure when
/// CI=true and a quiet pass otherwise, so developer machines without node can still run the suite.
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
            return "tests/peers/jinja/node_modules is missing (run npm ci there; .ci/setup.sh does)";
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

    /// <summary>True when the peer can run; throws (fails the test) when it cannot and CI=true.</summary>
    public static bool EnsureAvailable()
    {
        string? reason = Unavailable();
        if (reason is null)
        {
            return true;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"the @huggingface/jinja peer is required in CI: {reason}");
        }
        return false;
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
