using Microsoft.Playwright;

namespace Wren.Server.Tests;

/// <summary>The chat page in a real browser (Debian's Chromium driven by Playwright).</summary>
[Collection(ServerCollection.Name)]
public sealed class ChatPageTests(ServerFixture fixture)
{
    [Fact]
    public async Task TypingAQuestionStreamsAnAnswerWithoutConsoleErrors()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is not installed at /usr/bin/chromium: run ./test.sh as root (or apt-get install -y chromium)");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(fixture.Address.ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('info').textContent.includes('tiny-llama')");
        await page.FillAsync("#prompt", "Hello there");
        await page.ClickAsync("#send");
        await page.WaitForFunctionAsync("() => document.getElementById('stats').textContent.includes('tokens/s')", null, new PageWaitForFunctionOptions { Timeout = 30000 });
        Assert.Equal("Hello there", await page.InnerTextAsync(".msg.user"));
        string answer = await page.InnerTextAsync(".msg.assistant");
        Assert.False(string.IsNullOrWhiteSpace(answer));
        Assert.Empty(errors);
    }
}
