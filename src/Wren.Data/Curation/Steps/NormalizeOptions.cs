using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Steps;

/// <summary>Recipe section <c>normalize</c>.</summary>
public sealed record NormalizeOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Compose characters to Unicode NFC, so "é" is one code point everywhere.</summary>
    [YamlMember(Description = @"compose Unicode to NFC")]
    public bool Nfc { get; init; } = true;

    /// <summary>Repair UTF-8 that was decoded as Windows-1252 ("â€™" back to "’", "Ã©" back to "é").</summary>
    [YamlMember(Description = @"repair UTF-8 read as Windows-1252 (""â€™"" -> ""’"")")]
    public bool FixMojibake { get; init; } = true;

    /// <summary>Remove control characters other than tab and newline, and stray byte-order marks.</summary>
    [YamlMember(Description = @"drop control chars other than tab/newline")]
    public bool RemoveControlCharacters { get; init; } = true;

    /// <summary>CRLF/CR to LF, odd spaces to ' ', no trailing spaces, at most one blank line in a row.</summary>
    [YamlMember(Description = @"LF line endings, no trailing spaces, <= 1 blank line in a row")]
    public bool NormalizeWhitespace { get; init; } = true;
}
