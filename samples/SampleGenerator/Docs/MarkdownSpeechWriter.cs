using System.Text;
using Wren.Samples.Generator.Prose;

namespace Wren.Samples.Generator.Docs;

/// <summary>Renders a speech as a Markdown page with real structure: headings, a metadata list, emphasis, a link, a quote and an ordered list.</summary>
public static class MarkdownSpeechWriter
{
    public static string Render(SpeechSections doc)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(doc.Speech.Year).Append(" State of the Union Address\n\n");
        md.Append("*Annual message delivered by **").Append(doc.Speech.President).Append("**, filed by the Acme Research Library.*\n\n");
        md.Append("- **Year:** ").Append(doc.Speech.Year).Append('\n');
        md.Append("- **President:** ").Append(doc.Speech.President).Append('\n');
        md.Append("- **Party:** ").Append(doc.PartyName).Append('\n');
        md.Append("- **Length:** ").Append(doc.WordCount).Append(" words\n");
        md.Append("- **Source:** [The American Presidency Project](https://www.presidency.ucsb.edu/documents/app-categories/spoken-addresses-and-remarks/presidential/state-the-union-addresses)\n\n");

        md.Append("## Key passages\n\n");
        int n = 1;
        foreach ((string _, IReadOnlyList<string> paragraphs) in doc.Sections)
        {
            md.Append(n++).Append(". ").Append(SpeechParagraphs.Sentences(paragraphs[0])[0]).Append('\n');
        }

        md.Append('\n');
        string longest = doc.AllParagraphs.MaxBy(p => p.Length) ?? string.Empty;
        md.Append("> ").Append(SpeechParagraphs.Sentences(longest)[0]).Append("\n\n");

        foreach ((string heading, IReadOnlyList<string> paragraphs) in doc.Sections)
        {
            md.Append("## ").Append(heading).Append("\n\n");
            foreach (string paragraph in paragraphs)
            {
                // One paragraph per line: hard-wrapping could start a line with "1862." or "-" and turn prose into a list.
                md.Append(paragraph).Append("\n\n");
            }
        }

        md.Append("---\n\n_The text of this address is a work of the United States Government and is in the public domain._\n");
        return md.ToString();
    }
}
