namespace Wren.Data.Tasks;

/// <summary>What <see cref="MailReplyPairs"/> reads and how it splits the pairs.</summary>
public sealed record MailReplyOptions
{
    /// <summary>Files and folders of mail: .eml files, mbox files, maildir-style files (one raw message each, as in the SpamAssassin corpus).</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    public string Name { get; init; } = "replies";

    public ulong Seed { get; init; } = 1;

    public double ValidationFraction { get; init; } = 0.1;

    public double TestFraction { get; init; } = 0.1;

    /// <summary>A pair whose message or reply is longer than this (in characters, after cleaning) is dropped as too long.</summary>
    public int MaxChars { get; init; } = 8000;

    /// <summary>Files larger than this are not read (a reply builder has no use for a multi-gigabyte archive read by mistake).</summary>
    public long MaxFileBytes { get; init; } = 512L << 20;
}
