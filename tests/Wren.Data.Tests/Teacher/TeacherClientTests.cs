using System.Diagnostics;
using Wren.Data.Teacher;

namespace Wren.Data.Tests.Teacher;

public sealed class TeacherClientTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("wren-teacher-").FullName;
    private readonly LoopbackOpenAiServer _server = new(_ => "hello");

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    private TeacherOptions Options(int retries = 3) => new()
    {
        Endpoint = _server.Endpoint,
        Model = "teacher-7b",
        ApiKeyVariable = "WREN_TEST_TEACHER_KEY_UNSET",
        CacheFolder = Path.Combine(_temp, "cache"),
        MaxRetries = retries,
        RetryDelay = TimeSpan.FromMilliseconds(50),
        InputDollarsPerMillion = 2.0,
        OutputDollarsPerMillion = 8.0,
    };

    private static readonly TeacherMessage[] Prompt = [new("system", "be brief"), new("user", "say hello")];

    [Fact]
    public async Task TheRequestSentIsTheModelAndMessagesGivenAndTheSpendIsCounted()
    {
        using var client = new TeacherClient(Options());
        var reply = await client.CompleteAsync(Prompt, CancellationToken.None);

        Assert.Equal("hello", reply.Text);
        var sent = Assert.Single(_server.Requests);
        Assert.Equal("teacher-7b", sent["model"]!.GetValue<string>());
        Assert.Equal("be brief", LoopbackOpenAiServer.SystemMessage(sent));
        Assert.Equal("say hello", LoopbackOpenAiServer.LastMessage(sent));
        Assert.Equal(1, client.Spend.Requests);
        Assert.Equal(4, client.Spend.InputTokens); // the loopback server counts words: "be brief" + "say hello"
        Assert.Equal(7, client.Spend.OutputTokens);
        Assert.Equal((4 * 2.0 + 7 * 8.0) / 1e6, client.Spend.Dollars!.Value, 12);
    }

    [Fact]
    public async Task ARequestAnsweredBeforeComesFromTheCacheAndCostsNothing()
    {
        using (var first = new TeacherClient(Options())) await first.CompleteAsync(Prompt, CancellationToken.None);
        _server.Answer = _ => "a different answer";

        using var second = new TeacherClient(Options());
        var reply = await second.CompleteAsync(Prompt, CancellationToken.None);

        Assert.Equal("hello", reply.Text);
        Assert.True(reply.FromCache);
        Assert.Single(_server.Requests);
        Assert.Equal(0, second.Spend.Requests);
        Assert.Equal(1, second.Spend.Cached);
        Assert.Equal(0, second.Spend.Dollars);
        // Another prompt is not answered from the cache.
        var other = await second.CompleteAsync([new("user", "say goodbye")], CancellationToken.None);
        Assert.Equal("a different answer", other.Text);
    }

    [Fact]
    public async Task A429IsRetriedAfterTheWaitItsRetryAfterAsks()
    {
        _server.Failures.Enqueue((429, "1"));
        using var client = new TeacherClient(Options());
        var clock = Stopwatch.StartNew();
        var reply = await client.CompleteAsync(Prompt, CancellationToken.None);

        Assert.Equal("hello", reply.Text);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(1, client.Spend.Retries);
        Assert.Equal(1, client.Spend.Requests);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed.TotalSeconds:F2} s, the server asked for 1 s");
    }

    [Fact]
    public async Task ServerErrorsAreRetriedAndThenReportedWithTheStatus()
    {
        _server.Failures.Enqueue((503, null));
        _server.Failures.Enqueue((500, null));
        _server.Failures.Enqueue((500, null));
        using var client = new TeacherClient(Options(retries: 1));

        var e = await Assert.ThrowsAsync<TeacherRequestException>(() => client.CompleteAsync(Prompt, CancellationToken.None));
        Assert.Contains("HTTP 500 after 1 retries", e.Message, StringComparison.Ordinal);
        Assert.Equal(500, e.Status);
        Assert.False(e.IsThisRequests);
        Assert.Equal(2, _server.Requests.Count);
        Assert.Equal(0, client.Spend.Requests);
    }

    [Fact]
    public async Task NoMoreRequestsThanTheConcurrencyAreInFlight()
    {
        _server.Delay = TimeSpan.FromMilliseconds(150);
        using var client = new TeacherClient(Options() with { Concurrency = 2, CacheFolder = null });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.CompleteAsync([new("user", $"prompt {i}")], CancellationToken.None)));

        Assert.Equal(8, _server.Requests.Count);
        Assert.Equal(2, _server.MaxInFlight);
    }

    [Fact]
    public async Task RequestsPerMinuteSpacesTheStarts()
    {
        var began = DateTimeOffset.UtcNow;
        using var client = new TeacherClient(Options() with { RequestsPerMinute = 300, CacheFolder = null }); // one per 200 ms
        // A first request opens the connection, so that the server sees the next four when the client sends them.
        await client.CompleteAsync([new("user", "warm up")], CancellationToken.None);
        _server.Arrivals.Clear();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => client.CompleteAsync([new("user", $"prompt {i}")], CancellationToken.None)));

        var arrivals = _server.Arrivals.Order().ToList();
        Assert.Equal(4, arrivals.Count);
        Assert.True(arrivals[^1] - arrivals[0] >= TimeSpan.FromMilliseconds(540), $"4 requests at 300/min started within {(arrivals[^1] - arrivals[0]).TotalMilliseconds} ms: {string.Join(", ", arrivals.Select(a => a.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))} (test began {began:HH:mm:ss.fff})");
    }
}
