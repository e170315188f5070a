using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Wren.Bench.Server;

/// <summary>
/// N clients stream chat completions at once (greedy, so every server does the same work per token);
/// measures each client's time to first content chunk and the total completion tokens/s over the wall time.
/// </summary>
internal static class LoadTest
{
    public static async Task<LoadResult> RunAsync(Uri server, string? model, int clients, int tokens)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(10) };
        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(Enumerable.Range(0, clients).Select(i => OneAsync(http, model, i, tokens)));
        var wall = clock.Elapsed;
        var ttft = runs.Select(r => r.Ttft).Order().ToArray();
        long total = runs.Sum(r => (long)r.Tokens);
        return new LoadResult("", total / wall.TotalSeconds, Percentile(ttft, 0.50), Percentile(ttft, 0.99), wall);
    }

    private static async Task<(TimeSpan Ttft, int Tokens)> OneAsync(HttpClient http, string? model, int i, int tokens)
    {
        string body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["model"] = model,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = $"Tell me a story, number {i}." } },
            ["max_tokens"] = tokens,
            ["temperature"] = 0,
            ["stream"] = true,
            ["stream_options"] = new Dictionary<string, bool> { ["include_usage"] = true },
        });
        var start = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        TimeSpan ttft = TimeSpan.Zero;
        int count = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal) || line == "data: [DONE]") continue;
            using var doc = JsonDocument.Parse(line.AsMemory(6));
            var root = doc.RootElement;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object) count = usage.GetProperty("completion_tokens").GetInt32();
            if (ttft == TimeSpan.Zero && root.GetProperty("choices").GetArrayLength() > 0
                && root.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var c) && c.GetString() is { Length: > 0 })
                ttft = Stopwatch.GetElapsedTime(start);
        }
        return (ttft, count);
    }

    private static TimeSpan Percentile(TimeSpan[] sorted, double p) =>
        sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
