using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

/// <summary>Symbolic links in a source folder: loops, links leading out, links to files already read.</summary>
public sealed class SourceScannerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _outside = new();

    public void Dispose()
    {
        _dir.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task LinkLoopsAreWalkedOnceAndEachRealFileIsReadOnceUnderItsOwnName()
    {
        _dir.Write("loopdir/note.txt", "A note.");
        _dir.Write("loopdir/sub/deeper.txt", "Deeper.");
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "loopdir", "sub", "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "loopdir", "self"), "../loopdir");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "alias.txt"), "loopdir/note.txt");

        var (docs, errors, _) = await SampleData.ReadAsync([_dir.Path]);

        Assert.Empty(errors);
        Assert.Equal(["loopdir/note.txt", "loopdir/sub/deeper.txt"], docs.Select(d => Relative(d.Source)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ALinkLeadingOutsideTheSourceIsReportedAndNotFollowed()
    {
        string secret = Path.Combine(_outside.Path, "secret.txt");
        File.WriteAllText(secret, "outside text");
        _dir.Write("inside.txt", "inside text");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "secret.txt"), secret);
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "etc"), "/etc");
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "elsewhere"), _outside.Path);

        var (docs, errors, _) = await SampleData.ReadAsync([_dir.Path]);

        Assert.Equal("inside text", Assert.Single(docs).Text);
        Assert.Equal(["elsewhere", "etc", "secret.txt"], errors.Select(e => Relative(e.File)).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Contains("leads outside the source; not followed (--follow-links", e.Error));
        Assert.Contains(errors, e => e.Error.Contains($"'{secret}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithFollowLinksALinkOutsideIsReadButEachRealFileStillOnce()
    {
        File.WriteAllText(Path.Combine(_outside.Path, "secret.txt"), "outside text");
        Directory.CreateSymbolicLink(Path.Combine(_outside.Path, "back"), _dir.Path);
        _dir.Write("inside.txt", "inside text");
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "elsewhere"), _outside.Path);
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "again"), _outside.Path);

        var (docs, errors, _) = await SampleData.ReadAsync([_dir.Path], new SourceOptions { Threads = 2, FollowLinks = true });

        Assert.Empty(errors);
        Assert.Equal(["again/secret.txt", "inside.txt"], docs.Select(d => Relative(d.Source)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ADanglingLinkIsReportedAsLeadingNowhere()
    {
        _dir.Write("real.txt", "real text");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "gone.txt"), Path.Combine(_dir.Path, "missing.txt"));

        var (docs, errors, _) = await SampleData.ReadAsync([_dir.Path]);

        Assert.Single(docs);
        var error = Assert.Single(errors);
        Assert.Equal("gone.txt", Relative(error.File));
        Assert.Contains("leads nowhere", error.Error);
    }

    [Fact]
    public async Task ASourceFolderGivenThroughALinkIsReadAsItsTarget()
    {
        _dir.Write("inside.txt", "inside text");
        string link = Path.Combine(_outside.Path, "link-to-source");
        Directory.CreateSymbolicLink(link, _dir.Path);

        var (docs, errors, _) = await SampleData.ReadAsync([link]);

        Assert.Empty(errors);
        Assert.EndsWith("link-to-source/inside.txt", Assert.Single(docs).Source);
    }

    [Fact]
    public async Task ANamedPipeInTheFolderIsReportedAndNeverOpened()
    {
        // Opening a pipe for reading waits for a writer forever: it must be refused before it is opened.
        _dir.Write("note.txt", "A note.");
        string pipe = Path.Combine(_dir.Path, "pipe.txt");
        using (var mkfifo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", [pipe]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var read = SampleData.ReadAsync([_dir.Path]);
        Assert.Same(read, await Task.WhenAny(read, Task.Delay(TimeSpan.FromMinutes(1))));
        var (docs, errors, _) = await read;

        Assert.Equal("A note.", Assert.Single(docs).Text);
        Assert.Equal("pipe.txt", Relative(Assert.Single(errors).File));
    }

    private string Relative(string name) => name[(_dir.Path.Replace('\\', '/').TrimEnd('/').Length + 1)..];
}
