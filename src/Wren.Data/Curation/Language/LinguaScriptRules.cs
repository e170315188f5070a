using Lingua;
using L = Lingua.Language;

namespace Wren.Data.Curation.Language;

/// <summary>
/// The script facts Lingua 2.0.0's rule engine uses, as flat tables: the alphabet of every UTF-16
/// code unit (built once from Lingua's public <see cref="UnicodeScriptInfo.GetScript"/>), the
/// alphabets of each language, and the characters that narrow Latin/Cyrillic text down to a few
/// languages. Lingua keeps the last two internal; they are copied here from its source and the
/// tests compare them with Lingua's own (by reflection) so a Lingua upgrade that changes them fails.
/// </summary>
internal static class LinguaScriptRules
{
    /// <summary>Alphabet of each UTF-16 code unit (<see cref="LinguaAlphabet.None"/> for other scripts).</summary>
    public static readonly LinguaAlphabet[] AlphabetOfChar = BuildAlphabetOfChar();

    /// <summary>
    /// Lingua's <c>CharsToLanguagesMapping</c> in declaration order: a word holding one of these
    /// characters votes for each listed language.
    /// </summary>
    public static readonly (string Chars, L[] Languages)[] CharsToLanguages =
    [
        ("Ãã", [L.Portuguese, L.Vietnamese]),
        ("ĄąĘę", [L.Lithuanian, L.Polish]),
        ("Żż", [L.Polish, L.Romanian]),
        ("Îî", [L.French, L.Romanian]),
        ("Ññ", [L.Basque, L.Spanish]),
        ("ŇňŤť", [L.Czech, L.Slovak]),
        ("Ăă", [L.Romanian, L.Vietnamese]),
        ("İıĞğ", [L.Azerbaijani, L.Turkish]),
        ("ЈјЉљЊњ", [L.Macedonian, L.Serbian]),
        ("ẸẹỌọ", [L.Vietnamese, L.Yoruba]),
        ("ÐðÞþ", [L.Icelandic, L.Turkish]),
        ("Ûû", [L.French, L.Hungarian]),
        ("Ōō", [L.Maori, L.Yoruba]),
        ("ӨөҮү", [L.Kazakh, L.Mongolian]),
        ("ĀāĒēĪī", [L.Latvian, L.Maori, L.Yoruba]),
        ("Şş", [L.Azerbaijani, L.Romanian, L.Turkish]),
        ("Ďď", [L.Czech, L.Romanian, L.Slovak]),
        ("Ćć", [L.Bosnian, L.Croatian, L.Polish]),
        ("Đđ", [L.Bosnian, L.Croatian, L.Vietnamese]),
        ("Іі", [L.Belarusian, L.Kazakh, L.Ukrainian]),
        ("Ìì", [L.Italian, L.Vietnamese, L.Yoruba]),
        ("Øø", [L.Bokmal, L.Danish, L.Nynorsk]),
        ("Ūū", [L.Latvian, L.Lithuanian, L.Maori, L.Yoruba]),
        ("Ëë", [L.Afrikaans, L.Albanian, L.Dutch, L.French]),
        ("ÈèÙù", [L.French, L.Italian, L.Vietnamese, L.Yoruba]),
        ("Êê", [L.Afrikaans, L.French, L.Portuguese, L.Vietnamese]),
        ("Õõ", [L.Estonian, L.Hungarian, L.Portuguese, L.Vietnamese]),
        ("Ôô", [L.French, L.Portuguese, L.Slovak, L.Vietnamese]),
        ("ЁёЫыЭэ", [L.Belarusian, L.Kazakh, L.Mongolian, L.Russian]),
        ("ЩщЪъ", [L.Bulgarian, L.Kazakh, L.Mongolian, L.Russian]),
        ("Òò", [L.Catalan, L.Italian, L.Vietnamese, L.Yoruba]),
        ("Ææ", [L.Bokmal, L.Danish, L.Icelandic, L.Nynorsk]),
        ("Åå", [L.Bokmal, L.Danish, L.Nynorsk, L.Swedish]),
        ("Ýý", [L.Czech, L.Icelandic, L.Slovak, L.Turkish, L.Vietnamese]),
        ("Ää", [L.Estonian, L.Finnish, L.German, L.Slovak, L.Swedish]),
        ("Àà", [L.Catalan, L.French, L.Italian, L.Portuguese, L.Vietnamese]),
        ("Ââ", [L.French, L.Portuguese, L.Romanian, L.Turkish, L.Vietnamese]),
        ("Üü", [L.Azerbaijani, L.Catalan, L.Estonian, L.German, L.Hungarian, L.Spanish, L.Turkish]),
        ("ČčŠšŽž", [L.Bosnian, L.Czech, L.Croatian, L.Latvian, L.Lithuanian, L.Slovak, L.Slovene]),
        ("Çç", [L.Albanian, L.Azerbaijani, L.Basque, L.Catalan, L.French, L.Portuguese, L.Turkish]),
        ("Öö", [L.Azerbaijani, L.Estonian, L.Finnish, L.German, L.Hungarian, L.Icelandic, L.Swedish, L.Turkish]),
        ("Óó", [L.Catalan, L.Hungarian, L.Icelandic, L.Irish, L.Polish, L.Portuguese, L.Slovak, L.Spanish, L.Vietnamese, L.Yoruba]),
        ("ÁáÍíÚú", [L.Catalan, L.Czech, L.Icelandic, L.Irish, L.Hungarian, L.Portuguese, L.Slovak, L.Spanish, L.Vietnamese, L.Yoruba]),
        ("Éé", [L.Catalan, L.Czech, L.French, L.Hungarian, L.Icelandic, L.Irish, L.Italian, L.Portuguese, L.Slovak, L.Spanish, L.Vietnamese, L.Yoruba]),
    ];

    /// <summary>Bit <c>1 &lt;&lt; (int)alphabet</c> for each alphabet the language is written in (Lingua's <c>Alphabets()</c>).</summary>
    public static uint AlphabetsOf(L language) => language switch
    {
        L.Amharic or L.Tigrinya => Bit(LinguaAlphabet.Ethiopic),
        L.Arabic or L.Persian or L.Urdu => Bit(LinguaAlphabet.Arabic),
        L.Armenian => Bit(LinguaAlphabet.Armenian),
        L.Belarusian or L.Bulgarian or L.Kazakh or L.Macedonian or L.Mongolian or L.Russian or L.Serbian or L.Ukrainian => Bit(LinguaAlphabet.Cyrillic),
        L.Bengali => Bit(LinguaAlphabet.Bengali),
        L.Chinese => Bit(LinguaAlphabet.Han),
        L.Georgian => Bit(LinguaAlphabet.Georgian),
        L.Greek => Bit(LinguaAlphabet.Greek),
        L.Gujarati => Bit(LinguaAlphabet.Gujarati),
        L.Hebrew => Bit(LinguaAlphabet.Hebrew),
        L.Hindi or L.Marathi => Bit(LinguaAlphabet.Devanagari),
        L.Japanese => Bit(LinguaAlphabet.Hiragana) | Bit(LinguaAlphabet.Katakana) | Bit(LinguaAlphabet.Han),
        L.Korean => Bit(LinguaAlphabet.Hangul),
        L.Punjabi => Bit(LinguaAlphabet.Gurmukhi),
        L.Sinhala => Bit(LinguaAlphabet.Sinhala),
        L.Tamil => Bit(LinguaAlphabet.Tamil),
        L.Telugu => Bit(LinguaAlphabet.Telugu),
        L.Thai => Bit(LinguaAlphabet.Thai),
        L.Unknown => 0,
        _ => Bit(LinguaAlphabet.Latin),
    };

    /// <summary>
    /// The language an alphabet is used by when exactly one of Lingua's languages uses it
    /// (Lingua's <c>AllSupportingExactlyOneLanguage</c>), else <see cref="L.Unknown"/>.
    /// </summary>
    public static readonly L[] OnlyLanguageOfAlphabet = BuildOnlyLanguageOfAlphabet();

    /// <summary>Lingua's <c>IsLogogram</c>: characters of the scripts of Chinese, Japanese and Korean each count as a word.</summary>
    public static bool IsLogogram(LinguaAlphabet alphabet) =>
        alphabet is LinguaAlphabet.Han or LinguaAlphabet.Hiragana or LinguaAlphabet.Katakana or LinguaAlphabet.Hangul;

    public static uint Bit(LinguaAlphabet alphabet) => 1u << (int)alphabet;

    private static LinguaAlphabet[] BuildAlphabetOfChar()
    {
        var byScript = new Dictionary<UnicodeScript, LinguaAlphabet>();
        for (var a = LinguaAlphabet.Arabic; a < LinguaAlphabet.None; a++)
        {
            byScript[Enum.Parse<UnicodeScript>(a.ToString())] = a;
        }
        var table = new LinguaAlphabet[char.MaxValue + 1];
        for (int c = 0; c <= char.MaxValue; c++)
        {
            table[c] = byScript.TryGetValue(((char)c).GetScript(), out var alphabet) ? alphabet : LinguaAlphabet.None;
        }
        return table;
    }

    private static L[] BuildOnlyLanguageOfAlphabet()
    {
        var only = new L[(int)LinguaAlphabet.None + 1];
        var users = new int[only.Length];
        Array.Fill(only, L.Unknown);
        foreach (var language in LanguageInfo.All())
        {
            uint mask = AlphabetsOf(language);
            for (int a = 0; a < (int)LinguaAlphabet.None; a++)
            {
                if ((mask & (1u << a)) != 0)
                {
                    users[a]++;
                    only[a] = language;
                }
            }
        }
        for (int a = 0; a < only.Length; a++)
        {
            if (users[a] != 1)
            {
                only[a] = L.Unknown;
            }
        }
        return only;
    }
}
