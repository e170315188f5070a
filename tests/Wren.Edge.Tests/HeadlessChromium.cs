using Microsoft.Playwright;

namespace Wren.Edge.Tests;

/// <summary>Debian's Chromium through Playwright, launched as the server's ChatPageTests launch it, with console errors collected.</summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Console errors and uncaught exceptions of every page opened through <see cref="OpenAsync"/>.</summary>
    public List<string> Errors { get; } = [];

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        EdgePeers.RequireChromium();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>A new context and page at <paramref name="address"/>, waiting until window.wren has loaded the model.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> OpenAsync(Uri address)
    {
        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        Watch(page);
        await page.GotoAsync(address.ToString());
        await WaitUntilLoadedAsync(page);
        return (context, page);
    }

    public void Watch(IPage page)
    {
        page.Console += (_, m) => { if (m.Type == "error") lock (Errors) Errors.Add(m.Text); };
        page.PageError += (_, e) => { lock (Errors) Errors.Add(e); };
    }

    public static Task WaitUntilLoadedAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.wren && window.wren.info !== null", null, new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = 200 });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
