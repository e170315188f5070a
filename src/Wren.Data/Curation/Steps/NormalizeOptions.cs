namespace Wren.Data.Curation.Steps;

/// <summary>Recipe section <c>normalize</c>.</summary>
public sealed record NormalizeOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Compose characters to Unicode NFC, so "é" is one code point everywhere.</summary>
    public bool Nfc { get; init; } = true;

    /// <summary>Repair UTF-8 that was decoded as Windows-1252 ("â€™" back to "’", "Ã©" back to "é").</summary>
    public bool FixMojibake { get; init; } = true;

    /// <summary>Remove control characters other than tab and newline, and stray byte-order marks.</summary>
    public bool RemoveControlCharacters { get; init; } = true;

    /// <summary>CRLF/CR to LF, odd spaces to ' ', no trailing spaces, at most one blank line in a row.</summary>
    public bool NormalizeWhitespace { get; init; } = true;
}
