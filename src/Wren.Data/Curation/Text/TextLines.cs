namespace Wren.Data.Curation.Text;

/// <summary>Line splitting with Python's two behaviours, since the datatrove rules use both.</summary>
public static class TextLines
{
    /// <summary>Like Python <c>str.splitlines()</c>: no empty last line after a final newline; none for "".</summary>
    public static List<Range> SplitLines(string text)
    {
        var lines = new List<Range>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\u001C' or '\u001D' or '\u001E' or '\u0085' or '\u2028' or '\u2029')
            {
                lines.Add(start..i);
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            lines.Add(start..text.Length);
        }
        return lines;
    }

    /// <summary>Like Python <c>str.split("\n")</c>: always at least one line, empty ones kept.</summary>
    public static List<Range> SplitOnNewline(string text)
    {
        var lines = new List<Range>();
        int start = 0;
        int nl;
        while ((nl = text.IndexOf('\n', start)) >= 0)
        {
            lines.Add(start..nl);
            start = nl + 1;
        }
        lines.Add(start..text.Length);
        return lines;
    }
}
