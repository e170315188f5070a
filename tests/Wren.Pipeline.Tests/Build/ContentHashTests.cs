using Wren.Pipeline.Build;

namespace Wren.Pipeline.Tests.Build;

public sealed class ContentHashTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wren-hash-" + Guid.NewGuid().ToString("N")[..8]);

    public ContentHashTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "data", "sub"));
        File.WriteAllText(Path.Combine(_root, "data", "a.txt"), "alpha");
        File.WriteAllText(Path.Combine(_root, "data", "sub", "b.txt"), "beta");
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private string Hash(string section = "vocab_size: 512")
    {
        using var hash = new ContentHash();
        hash.AddText("recipe", section);
        hash.AddPath(Path.Combine(_root, "data"), _root);
        return hash.Finish();
    }

    [Fact]
    public void TheSameFilesAndTextGiveTheSameHash()
    {
        Assert.Equal(Hash(), Hash());
        Assert.Equal(64, Hash().Length);
    }

    [Fact]
    public void EditingAddingRenamingOrRemovingAFileChangesTheHash()
    {
        string before = Hash();
        File.WriteAllText(Path.Combine(_root, "data", "a.txt"), "alphA");
        string edited = Hash();
        File.WriteAllText(Path.Combine(_root, "data", "c.txt"), "");
        string added = Hash();
        File.Move(Path.Combine(_root, "data", "c.txt"), Path.Combine(_root, "data", "d.txt"));
        string renamed = Hash();
        File.Delete(Path.Combine(_root, "data", "sub", "b.txt"));
        string removed = Hash();
        Assert.Equal(5, new HashSet<string> { before, edited, added, renamed, removed }.Count);
    }

    [Fact]
    public void AChangedRecipeSectionChangesTheHashAndTextBoundariesCount()
    {
        Assert.NotEqual(Hash("vocab_size: 512"), Hash("vocab_size: 1024"));
        using var a = new ContentHash();
        a.AddText("ab", "c");
        using var b = new ContentHash();
        b.AddText("a", "bc");
        Assert.NotEqual(a.Finish(), b.Finish());
    }
}
