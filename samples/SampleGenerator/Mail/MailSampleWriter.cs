using Wren.Samples.Generator.Corpus;

namespace Wren.Samples.Generator.Mail;

/// <summary>Writes <c>mail/</c>: corpus messages as .eml files, a few exact duplicates, built messages with document attachments, and <c>archive.mbox</c>.</summary>
public sealed class MailSampleWriter
{
    private readonly SpamAssassinCorpus _corpus;
    private readonly string _mailDirectory;

    public MailSampleWriter(SpamAssassinCorpus corpus, string mailDirectory)
    {
        _corpus = corpus;
        _mailDirectory = mailDirectory;
    }

    public MailSampleSummary Write(IReadOnlyList<BuiltMessage> builtMessages, BuiltMessage mboxOnlyMessage, ISet<string> taken)
    {
        Directory.CreateDirectory(_mailDirectory);
        var selected = new List<SpamAssassinMessage>();
        foreach ((string group, string number) in MailSelection.Required)
        {
            string fileName = _corpus.List(group).Single(name => name.StartsWith(number + ".", StringComparison.Ordinal));
            taken.Add(group + "/" + fileName);
            selected.Add(_corpus.Load(group, fileName));
        }

        int seed = 2002;
        foreach ((string group, int count) in MailSelection.EmlDraw)
        {
            selected.AddRange(MailSelection.Draw(_corpus, group, count, seed++, taken));
        }

        selected.Sort((a, b) => string.CompareOrdinal(a.Group + a.FileName, b.Group + b.FileName));

        int crlf = 0;
        int duplicates = 0;
        for (int i = 0; i < selected.Count; i++)
        {
            SpamAssassinMessage message = selected[i];
            (_, byte[] body) = RawMail.SplitEnvelope(message.Raw);

            // A tenth of the files get CRLF line ends, as mail saved by Windows clients has.
            if (i % 10 == 3)
            {
                body = RawMail.ToCrLf(body);
                crlf++;
            }

            string name = $"{message.Tag}-{message.Number}";
            File.WriteAllBytes(Path.Combine(_mailDirectory, name + ".eml"), body);

            // Exact duplicates, the way a folder export or a second download leaves them.
            if (i % 60 == 17)
            {
                File.WriteAllBytes(Path.Combine(_mailDirectory, name + " (1).eml"), body);
                duplicates++;
            }
        }

        foreach (BuiltMessage built in builtMessages)
        {
            File.WriteAllBytes(Path.Combine(_mailDirectory, built.FileName), built.Bytes);
        }

        int mboxCount = WriteMbox(mboxOnlyMessage, taken, out int escaped);
        return new MailSampleSummary(
            selected.Count(m => !m.IsSpam), selected.Count(m => m.IsSpam), duplicates, crlf, builtMessages.Count, mboxCount, escaped);
    }

    private int WriteMbox(BuiltMessage fromLineMessage, ISet<string> taken, out int escaped)
    {
        var messages = new List<SpamAssassinMessage>();
        messages.AddRange(MailSelection.Draw(_corpus, "easy-ham-2", 70, 3001, taken));
        messages.AddRange(MailSelection.Draw(_corpus, "easy-ham-1", 20, 3002, taken));
        messages.AddRange(MailSelection.Draw(_corpus, "spam-2", 10, 3003, taken));

        using FileStream stream = File.Create(Path.Combine(_mailDirectory, "archive.mbox"));
        using var mbox = new MboxWriter(stream);
        for (int i = 0; i < messages.Count; i++)
        {
            (string? envelope, byte[] body) = RawMail.SplitEnvelope(messages[i].Raw);
            mbox.Add(envelope ?? EnvelopeLine.For(body), body);

            // The built message with body lines starting "From " sits mid-file, where a reader
            // that forgets the escaping would split it into two messages.
            if (i == messages.Count / 2)
            {
                mbox.Add(fromLineMessage.Envelope, fromLineMessage.Bytes);
            }
        }

        escaped = mbox.EscapedLines;
        return messages.Count + 1;
    }
}
