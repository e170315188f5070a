using System.Text;

namespace Wren.Samples.Generator.Prose;

/// <summary>Greedy word wrapping, by character count (mail bodies) or by a width measure (PDF lines).</summary>
public static class LineWrapper
{
    public static IReadOnlyList<string> Wrap(string paragraph, double maxWidth, Func<string, double> measure)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && measure(candidate) > maxWidth)
            {
                lines.Add(line.ToString());
                line.Clear().Append(word);
            }
            else
            {
                line.Clear().Append(candidate);
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    public static string WrapText(string paragraph, int columns) =>
        string.Join('\n', Wrap(paragraph, columns, s => s.Length));
}
