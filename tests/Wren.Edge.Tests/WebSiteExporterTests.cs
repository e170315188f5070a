using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Wren.Edge.Web;
using Wren.Export.Gguf;

namespace Wren.Edge.Tests;

/// <summary>
/// The exported site served from loopback and opened in headless Chromium: its tokenizer, chat template and
/// greedy tokens against Wren's runtime on the same GGUF, with and without COOP/COEP, the chat page, offline use.
/// </summary>
public sealed class WebSiteExporterTests(ExportedSites sites) : IClassFixture<ExportedSites>
{
    private const int MaxTokens = 24;

    private static readonly (string Role, string Content)[] Conversation =
    [
        ("system", "You answer briefly."),
        ("user", "What did the President say about the Union?"),
    ];

    [SkippableTheory]
    [InlineData("tiny-llama", GgufExportType.F32, true)]
    [InlineData("tiny-qwen2", GgufExportType.F32, false)]
    public async Task GreedyGenerationsInTheTabEqualWrensOnTheSameGguf(string model, GgufExportType type, bool isolated)
    {
        WebExportResult site = sites.Site(model, type);
        string gguf = Path.Combine(site.OutputDirectory, EdgeModel.GgufFile);
        using var server = new StaticSite(site.OutputDirectory, isolated);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var (context, page) = await chromium.OpenAsync(server.Address);

        var info = await page.EvaluateAsync<JsonElement>("() => window.wren.info");
        Assert.Equal(isolated, info.GetProperty("crossOriginIsolated").GetBoolean());
        Assert.Equal(isolated, info.GetProperty("multithread").GetBoolean());
        Assert.Equal(isolated ? 2 : 1, info.GetProperty("threads").GetInt32());

        foreach (string prompt in ReferencePrompts(model))
        {
            var expected = WrenReference.Generate(gguf, prompt, MaxTokens);
            var got = await page.EvaluateAsync<JsonElement>("p => window.wren.generate(p, { maxTokens: 24, greedy: true })", prompt);
            Assert.Equal(expected.PromptIds, Ints(got.GetProperty("promptIds")));
            Assert.Equal(expected.Ids, Ints(got.GetProperty("ids")));
            Assert.Equal(expected.Text, got.GetProperty("text").GetString());
        }

        var chat = WrenReference.Chat(gguf, Conversation, MaxTokens);
        var messages = Conversation.Select(m => new { role = m.Role, content = m.Content }).ToArray();
        var answer = await page.EvaluateAsync<JsonElement>("m => window.wren.chat(m, { maxTokens: 24, greedy: true })", messages);
        Assert.Equal(chat.PromptIds, Ints(answer.GetProperty("promptIds")));
        Assert.Equal(chat.Ids, Ints(answer.GetProperty("ids")));
        Assert.Equal(chat.Text, answer.GetProperty("text").GetString());
        Assert.Empty(chromium.Errors);
        await context.CloseAsync();
    }

    /// <remarks>
    /// Quantized weights are not bit-exact across engines (llama.cpp and Wren each quantize the activations and
    /// sum blocks in their own order), so greedy output can part at a near tie, as in Wren.Export.Tests' llama.cpp
    /// checks; the prompt ids and the first token must still agree.
    /// </remarks>
    [SkippableFact]
    public async Task AQ80SiteReadsThePromptAsWrenDoesAndStartsWithWrensToken()
    {
        WebExportResult site = sites.Site("tiny-qwen2", GgufExportType.Q8_0);
        string gguf = Path.Combine(site.OutputDirectory, EdgeModel.GgufFile);
        using var server = new StaticSite(site.OutputDirectory, crossOriginIsolated: false);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var (context, page) = await chromium.OpenAsync(server.Address);
        foreach (string prompt in ReferencePrompts("tiny-qwen2"))
        {
            var expected = WrenReference.Generate(gguf, prompt, 4);
            var got = await page.EvaluateAsync<JsonElement>("p => window.wren.generate(p, { maxTokens: 4, greedy: true })", prompt);
            Assert.Equal(expected.PromptIds, Ints(got.GetProperty("promptIds")));
            Assert.Equal(expected.Ids[0], Ints(got.GetProperty("ids"))[0]);
        }
        Assert.Empty(chromium.Errors);
        await context.CloseAsync();
    }

    [SkippableFact]
    public async Task TheTokenizerInTheTabGivesTheReferenceIdsForEveryEncodeCase()
    {
        WebExportResult site = sites.Site("tiny-llama", GgufExportType.F32);
        using var server = new StaticSite(site.OutputDirectory, crossOriginIsolated: false);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var (context, page) = await chromium.OpenAsync(server.Address);
        using var cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestModels.Folder("tiny-llama"), "encode_cases.json")));
        int checkedCases = 0;
        foreach (var c in cases.RootElement.GetProperty("cases").EnumerateArray())
        {
            string text = c.GetProperty("text").GetString()!;
            var ids = await page.EvaluateAsync<JsonElement>("t => window.wren.tokenize(t, false)", text);
            Assert.Equal(Ints(c.GetProperty("ids")), Ints(ids));
            checkedCases++;
        }
        Assert.True(checkedCases >= 3, $"only {checkedCases} encode cases");
        if (cases.RootElement.TryGetProperty("chat", out var chatCase))
        {
            var messages = chatCase.GetProperty("messages").EnumerateArray()
                .Select(m => new { role = m.GetProperty("role").GetString(), content = m.GetProperty("content").GetString() }).ToArray();
            var rendered = await page.EvaluateAsync<string>("m => window.wren.renderChat(m)", messages);
            Assert.Equal(chatCase.GetProperty("rendered").GetString(), rendered);
            Assert.Equal(Ints(chatCase.GetProperty("ids")), Ints(await page.EvaluateAsync<JsonElement>("t => window.wren.tokenize(t, false)", rendered)));
        }
        Assert.Empty(chromium.Errors);
        await context.CloseAsync();
    }

    [SkippableFact]
    public async Task TheChatPageStreamsAnAnswerWithTokensPerSecondOnOneThreadWithoutCoopCoep()
    {
        WebExportResult site = sites.Site("tiny-llama", GgufExportType.F32);
        using var server = new StaticSite(site.OutputDirectory, crossOriginIsolated: false);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var (context, page) = await chromium.OpenAsync(server.Address);
        await page.WaitForFunctionAsync("() => !document.getElementById('send').disabled");
        Assert.Contains("1 thread (no COOP/COEP headers)", await page.InnerTextAsync("#info"));
        // Count the assistant's text as it grows: a streamed answer shows up in pieces, not all at once.
        await page.EvaluateAsync(@"() => { window.__lengths = []; new MutationObserver(() => {
            const a = document.querySelector('.msg.assistant'); if (a) window.__lengths.push(a.textContent.length); })
            .observe(document.getElementById('log'), { subtree: true, childList: true, characterData: true }); }");
        await page.FillAsync("#prompt", "Hello there");
        await page.ClickAsync("#send");
        await page.WaitForFunctionAsync("() => document.getElementById('stats').textContent.includes('tokens/s')", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.Equal("Hello there", await page.InnerTextAsync(".msg.user"));
        Assert.False(string.IsNullOrWhiteSpace(await page.InnerTextAsync(".msg.assistant")));
        var lengths = await page.EvaluateAsync<int[]>("() => window.__lengths");
        Assert.True(lengths.Distinct().Count(l => l > 0) > 2, $"the answer appeared in {lengths.Distinct().Count()} steps: not streamed");
        Assert.Empty(chromium.Errors);
        await context.CloseAsync();
    }

    [SkippableFact]
    public async Task AfterTheFirstVisitThePageLoadsAndAnswersOffline()
    {
        WebExportResult site = sites.Site("tiny-llama", GgufExportType.F32);
        using var server = new StaticSite(site.OutputDirectory, crossOriginIsolated: true);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var (context, page) = await chromium.OpenAsync(server.Address);
        // The service worker takes the page over once installed (it precaches the small files; the page cached the model).
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        var online = await page.EvaluateAsync<JsonElement>("() => window.wren.generate('The state of the Union', { maxTokens: 8, greedy: true })");

        // Offline, and the host gone too: everything must come from the browser's cache.
        await context.SetOfflineAsync(true);
        server.Dispose();
        await page.ReloadAsync();
        await HeadlessChromium.WaitUntilLoadedAsync(page);
        var offline = await page.EvaluateAsync<JsonElement>("() => window.wren.generate('The state of the Union', { maxTokens: 8, greedy: true })");
        Assert.Equal(Ints(online.GetProperty("ids")), Ints(offline.GetProperty("ids")));
        Assert.True(await page.EvaluateAsync<bool>("() => window.wren.info.crossOriginIsolated"), "the cached page lost its COOP/COEP headers");
        Assert.Empty(chromium.Errors);
        await context.CloseAsync();
    }

    [SkippableFact]
    public void TheSiteHoldsTheEngineTheModelAndAManifestThatNamesTheirHashes()
    {
        WebExportResult site = sites.Site("tiny-llama", GgufExportType.F32);
        string[] expected = ["index.html", "wren.js", "wren-runtime.mjs", "sw.js", "_headers", "model.gguf", "tokenizer.json", "wren-model.json",
            "engine/wllama.js", "engine/wllama.wasm", "engine/tokenizers.mjs", "engine/jinja.mjs", "licenses/wllama.LICENSE.txt"];
        foreach (string file in expected) Assert.Contains(site.Files, f => f.Path == file);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(site.OutputDirectory, "wren-model.json")))!;
        Assert.Equal(EdgeModel.Sha256(Path.Combine(site.OutputDirectory, "model.gguf")), manifest["model"]!["sha256"]!.GetValue<string>());
        Assert.StartsWith("wren-", manifest["cache"]!.GetValue<string>());
        Assert.Contains(manifest["cache"]!.GetValue<string>(), File.ReadAllText(Path.Combine(site.OutputDirectory, "sw.js")));
        Assert.Contains("Cross-Origin-Embedder-Policy: require-corp", File.ReadAllText(Path.Combine(site.OutputDirectory, "_headers")));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Path.GetDirectoryName(site.OutputDirectory)!), e => e.EndsWith(".tmp", StringComparison.Ordinal));
    }

    private static IEnumerable<string> ReferencePrompts(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestModels.Folder(model), "ref_outputs.json")));
        return [.. doc.RootElement.GetProperty("prompts").EnumerateArray().Select(p => p.GetProperty("text").GetString()!)];
    }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];
}
