namespace Wren.Samples.Generator.Corpus;

/// <summary>One raw message of the SpamAssassin public corpus: its group, its number and its exact bytes.</summary>
public sealed record SpamAssassinMessage(string Group, string Number, string FileName, byte[] Raw)
{
    public bool IsSpam => Group.StartsWith("spam", StringComparison.Ordinal);

    /// <summary>The short group tag used in sample file names: easy1, easy2, hard, spam1, spam2.</summary>
    public string Tag => Group switch
    {
        "easy-ham-1" => "easy1",
        "easy-ham-2" => "easy2",
        "hard-ham-1" => "hard",
        "spam-1" => "spam1",
        "spam-2" => "spam2",
        _ => Group,
    };
}
