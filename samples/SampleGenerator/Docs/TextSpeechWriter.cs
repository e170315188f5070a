using System.Text;
using Wren.Samples.Generator.Prose;

namespace Wren.Samples.Generator.Docs;

/// <summary>Renders a speech as a plain-text file: a title block, then paragraphs separated by blank lines, hard-wrapped at 76 columns or one paragraph per line.</summary>
public static class TextSpeechWriter
{
    public static string Render(SpeechSections doc, bool hardWrap)
    {
        var text = new StringBuilder();
        text.Append(doc.Speech.Title.ToUpperInvariant()).Append('\n');
        text.Append(doc.Speech.President).Append(", ").Append(doc.Speech.Year).Append("\n\n");
        foreach (string paragraph in doc.AllParagraphs)
        {
            text.Append(hardWrap ? LineWrapper.WrapText(paragraph, 76) : paragraph).Append("\n\n");
        }

        return text.ToString().TrimEnd() + "\n";
    }
}
