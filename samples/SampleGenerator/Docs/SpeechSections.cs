using Wren.Samples.Generator.Corpus;
using Wren.Samples.Generator.Prose;

namespace Wren.Samples.Generator.Docs;

/// <summary>A speech cut into paragraphs and a few titled sections, the shape every document writer renders.</summary>
public sealed record SpeechSections(Speech Speech, IReadOnlyList<(string Heading, IReadOnlyList<string> Paragraphs)> Sections)
{
    private static readonly string[] Numerals = ["I", "II", "III", "IV", "V"];

    public IEnumerable<string> AllParagraphs => Sections.SelectMany(section => section.Paragraphs);

    public int WordCount => Speech.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    public static SpeechSections From(Speech speech, int sectionCount = 3)
    {
        IReadOnlyList<string> paragraphs = SpeechParagraphs.Split(speech.Text, speech.Year);
        sectionCount = Math.Clamp(sectionCount, 1, Math.Min(Numerals.Length, paragraphs.Count));
        var sections = new List<(string, IReadOnlyList<string>)>(sectionCount);
        int size = (paragraphs.Count + sectionCount - 1) / sectionCount;
        for (int i = 0; i < sectionCount; i++)
        {
            IReadOnlyList<string> slice = paragraphs.Skip(i * size).Take(size).ToList();
            if (slice.Count > 0)
            {
                sections.Add(($"Part {Numerals[i]}", slice));
            }
        }

        return new SpeechSections(speech, sections);
    }

    public string PartyName => Speech.Party == "none" ? "no party" : Speech.Party;
}
