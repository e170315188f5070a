using System.Diagnostics;
using Wren.Runtime.Diagnostics;

namespace Wren.Runtime.Tests.Diagnostics;

public sealed class LeftoverFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-leftovers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The id of a process that ran and is gone.</summary>
    internal static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public void OnlyTheLeftoversOfWritersGoneFromThisHostAreRemoved()
    {
        int dead = DeadProcessId();
        string host = LeftoverFiles.OwnerTag[(LeftoverFiles.OwnerTag.IndexOf('@') + 1)..];
        string sub = Directory.CreateDirectory(Path.Combine(_dir, "rejected")).FullName;
        string deadFile = Touch(Path.Combine(sub, $".part-00001.jsonl.zst.{dead}@{host}.0badc0de.tmp"));
        string deadOldStyle = Touch(Path.Combine(_dir, $".stats.json.{dead}.12345678.tmp"));
        string ours = Touch(AtomicFile.TempPathFor(Path.Combine(sub, "part-00002.jsonl.zst")));
        string otherHost = Touch(Path.Combine(sub, $".part-00003.jsonl.zst.{dead}@some-other-node.0badc0de.tmp"));
        string notTemp = Touch(Path.Combine(sub, $"part-{dead}.tmp"));
        string deadFolder = Directory.CreateDirectory(Path.Combine(_dir, "checkpoints", $"step-00000004.tmp-{dead}@{host}")).FullName;
        Touch(Path.Combine(deadFolder, "model.safetensors"));
        string liveFolder = Directory.CreateDirectory(Path.Combine(_dir, "checkpoints", $"step-00000006.tmp-{LeftoverFiles.OwnerTag}")).FullName;

        Assert.Equal(3, LeftoverFiles.RemoveDeadWriters(_dir));

        Assert.False(File.Exists(deadFile));
        Assert.False(File.Exists(deadOldStyle));
        Assert.False(Directory.Exists(deadFolder));
        Assert.True(File.Exists(ours));
        Assert.True(File.Exists(otherHost));
        Assert.True(File.Exists(notTemp));
        Assert.True(Directory.Exists(liveFolder));
    }

    [Fact]
    public void WithoutRecursionOnlyTheFolderItselfIsCleanedAndAMissingFolderHoldsNothing()
    {
        int dead = DeadProcessId();
        string top = Touch(Path.Combine(_dir, $".a.txt.{dead}.0badc0de.tmp"));
        string nested = Touch(Path.Combine(Directory.CreateDirectory(Path.Combine(_dir, "sub")).FullName, $".b.txt.{dead}.0badc0de.tmp"));

        Assert.Equal(1, LeftoverFiles.RemoveDeadWriters(_dir, recursive: false));
        Assert.False(File.Exists(top));
        Assert.True(File.Exists(nested));
        Assert.Equal(0, LeftoverFiles.RemoveDeadWriters(Path.Combine(_dir, "no-such-folder")));
    }

    private static string Touch(string path)
    {
        File.WriteAllText(path, "partial");
        return path;
    }
}
