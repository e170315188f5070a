using System.Collections;
using System.Reflection;
using Lingua;
using Wren.Data.Curation.Language;

namespace Wren.Data.Tests.Curation;

/// <summary>
/// The rule tables <see cref="LinguaScriptRules"/> copies from Lingua 2.0.0 equal Lingua's own
/// (read by reflection), so an upgrade of Lingua that changes them fails here, not silently.
/// </summary>
public sealed class LinguaScriptRulesTests
{
    private static readonly Assembly LinguaAssembly = typeof(LanguageDetector).Assembly;

    [Fact]
    public void AlphabetsAreLinguasInTheSameOrder()
    {
        var values = (Array)LinguaAssembly.GetType("Lingua.Internal.Alphabet", throwOnError: true)!.GetEnumValues();
        Assert.Equal(values.Cast<object>().Select(v => v.ToString()), Enum.GetNames<LinguaAlphabet>());
    }

    [Fact]
    public void EveryLanguagesAlphabetsAreLinguas()
    {
        var alphabets = typeof(LanguageInfo).GetMethod("Alphabets", BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var language in Enum.GetValues<Lingua.Language>())
        {
            var names = ((IEnumerable)alphabets.Invoke(null, [language])!).Cast<object>().Select(a => a.ToString()!).Where(a => a != "None").Order();
            var ours = Enum.GetValues<LinguaAlphabet>().Where(a => (LinguaScriptRules.AlphabetsOf(language) & (a == LinguaAlphabet.None ? 0 : LinguaScriptRules.Bit(a))) != 0).Select(a => a.ToString()).Order();
            Assert.Equal(names, ours);
        }
    }

    [Fact]
    public void AlphabetsUsedByOneLanguageAreLinguas()
    {
        var method = LinguaAssembly.GetType("Lingua.Internal.AlphabetExtensions", throwOnError: true)!.GetMethod("AllSupportingExactlyOneLanguage", BindingFlags.Public | BindingFlags.Static)!;
        var theirs = ((IEnumerable)method.Invoke(null, null)!).Cast<object>()
            .Select(p => (Key: p.GetType().GetProperty("Key")!.GetValue(p)!.ToString()!, Value: (Lingua.Language)p.GetType().GetProperty("Value")!.GetValue(p)!))
            .ToDictionary(p => p.Key, p => p.Value);
        for (var a = LinguaAlphabet.Arabic; a < LinguaAlphabet.None; a++)
        {
            Assert.Equal(theirs.GetValueOrDefault(a.ToString(), Lingua.Language.Unknown), LinguaScriptRules.OnlyLanguageOfAlphabet[(int)a]);
        }
        Assert.Contains(LinguaAlphabet.Hangul.ToString(), theirs.Keys);
    }

    [Fact]
    public void CharsToLanguagesIsLinguasInTheSameOrder()
    {
        var field = typeof(LanguageDetector).GetField("CharsToLanguagesMapping", BindingFlags.NonPublic | BindingFlags.Static)!;
        var theirs = ((Dictionary<string, HashSet<Lingua.Language>>)field.GetValue(null)!).ToList();
        Assert.Equal(theirs.Count, LinguaScriptRules.CharsToLanguages.Length);
        for (int i = 0; i < theirs.Count; i++)
        {
            Assert.Equal(theirs[i].Key, LinguaScriptRules.CharsToLanguages[i].Chars);
            Assert.Equal(theirs[i].Value.ToArray(), LinguaScriptRules.CharsToLanguages[i].Languages);
        }
    }

    [Fact]
    public void LogogramsAreLinguasForEveryUtf16Unit()
    {
        var isLogogram = LinguaAssembly.GetType("Lingua.Internal.CharExtensions", throwOnError: true)!.GetMethod("IsLogogram", BindingFlags.Public | BindingFlags.Static)!
            .CreateDelegate<Func<char, bool>>();
        int logograms = 0;
        for (int c = 0; c <= char.MaxValue; c++)
        {
            bool ours = !char.IsWhiteSpace((char)c) && LinguaScriptRules.IsLogogram(LinguaScriptRules.AlphabetOfChar[c]);
            Assert.True(isLogogram((char)c) == ours, $"U+{c:X4}");
            logograms += ours ? 1 : 0;
        }
        Assert.True(logograms > 20_000);
    }

    [Fact]
    public void TextCleanUpIsLinguasOnRandomTextWithTrickyCharacters()
    {
        var cleanUp = typeof(LanguageDetector).GetMethod("CleanUpInputText", BindingFlags.NonPublic | BindingFlags.Static)!
            .CreateDelegate<Func<string, string>>();
        // White space of several kinds, punctuation, digits of other scripts, case pairs that change
        // length-free (İ, ẞ), surrogate pairs (with a case pair: 𐐀/𐐨), lone surrogates, symbols.
        string[] pool = [" ", "\t", "\n", "\u00A0", "\u2003", "a", "Z", "İ", "ẞ", "É", "ß", "Я", "ї", "中", "カ", "한", "ا", "5", "٣", "Ⅻ", ".", ",", "¿", "—", "'", "\"", "$", "€", "+",
            "\U0001F600", "\U00010400", "\U0001D400", "\uD800", "\uDC00", "e\u0301"];
        var random = new Random(11);
        var buffer = new char[2048];
        for (int i = 0; i < 2000; i++)
        {
            string text = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pool[random.Next(pool.Length)]));
            int length = LinguaModelScorer.CleanUp(text, buffer);
            Assert.Equal(cleanUp(text), new string(buffer, 0, length));
        }
    }
}
