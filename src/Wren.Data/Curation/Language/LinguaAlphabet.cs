namespace Wren.Data.Curation.Language;

/// <summary>
/// The writing systems Lingua 2.0.0's rules tell apart (its internal <c>Alphabet</c>, same names and
/// order); every other script is <see cref="None"/>. Names equal <see cref="Lingua.UnicodeScript"/> names.
/// </summary>
internal enum LinguaAlphabet : byte
{
    Arabic,
    Armenian,
    Bengali,
    Cyrillic,
    Devanagari,
    Ethiopic,
    Georgian,
    Greek,
    Gujarati,
    Gurmukhi,
    Han,
    Hangul,
    Hebrew,
    Hiragana,
    Katakana,
    Latin,
    Sinhala,
    Tamil,
    Telugu,
    Thai,
    None,
}
