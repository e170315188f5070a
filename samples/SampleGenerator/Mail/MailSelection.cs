using System.Text;
using System.Text.RegularExpressions;
using Wren.Samples.Generator.Corpus;

namespace Wren.Samples.Generator.Mail;

/// <summary>
/// Chooses which corpus messages go into the sample. Fixed lists bring in the messages that carry
/// attachments or unusual charsets (found by surveying the corpus); a seeded draw adds ordinary ham
/// and spam. Everything is in ordinal order with fixed seeds, so the selection never changes.
/// </summary>
public static partial class MailSelection
{
    /// <summary>Messages with real attachments (patches, specs, S/MIME signatures, images, HTML, winmail.dat, a .doc) or odd charsets.</summary>
    public static readonly (string Group, string Number)[] Required =
    [
        ("easy-ham-1", "00775"), ("easy-ham-1", "00975"), ("easy-ham-1", "00986"), ("easy-ham-1", "00993"),
        ("easy-ham-1", "01045"), ("easy-ham-1", "01053"), ("easy-ham-1", "01137"), ("easy-ham-1", "01216"),
        ("easy-ham-1", "01225"), ("easy-ham-1", "01353"), ("easy-ham-1", "01561"),
        ("easy-ham-2", "00706"), ("easy-ham-2", "00721"), ("easy-ham-2", "01177"), ("easy-ham-2", "01187"),
        ("easy-ham-2", "01248"),
        ("hard-ham-1", "00039"), ("hard-ham-1", "00183"), ("hard-ham-1", "00233"), ("hard-ham-1", "00241"),
        ("spam-1", "00022"), ("spam-1", "00036"), ("spam-1", "00219"), ("spam-1", "00307"),
        ("spam-1", "00257"), ("spam-1", "00035"),
        ("spam-2", "00009"), ("spam-2", "00030"), ("spam-2", "00114"), ("spam-2", "00615"),
        ("spam-2", "01240"), ("spam-2", "01359"), ("spam-2", "01104"), ("spam-2", "00737"),
    ];

    /// <summary>How many more messages to draw from each group for the .eml folder.</summary>
    public static readonly (string Group, int Count)[] EmlDraw =
    [
        ("easy-ham-1", 140), ("easy-ham-2", 60), ("hard-ham-1", 40), ("spam-1", 22), ("spam-2", 22),
    ];

    // Keeps explicit adult spam out of a repository sample; the rest of the spam stays as it was.
    [GeneratedRegex(@"\b(porn\w*|xxx|sex\w*|nude|naked|adult|teens?|erotic|hardcore|horny|lesbian|webcam)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Adult();

    public const int MaxDrawnBytes = 40_000;

    public static bool Acceptable(SpamAssassinMessage message) =>
        message.Raw.Length <= MaxDrawnBytes && !Adult().IsMatch(Encoding.Latin1.GetString(message.Raw));

    /// <summary>Draws <paramref name="count"/> acceptable messages of a group, skipping those already taken.</summary>
    public static List<SpamAssassinMessage> Draw(SpamAssassinCorpus corpus, string group, int count, int seed, ISet<string> taken, Func<SpamAssassinMessage, bool>? wanted = null)
    {
        IReadOnlyList<string> names = corpus.List(group);
        var random = new Random(seed);
        int[] order = Enumerable.Range(0, names.Count).ToArray();
        random.Shuffle(order);
        var drawn = new List<SpamAssassinMessage>(count);
        foreach (int index in order)
        {
            if (drawn.Count == count)
            {
                break;
            }

            string key = group + "/" + names[index];
            if (taken.Contains(key))
            {
                continue;
            }

            SpamAssassinMessage message = corpus.Load(group, names[index]);
            if (Acceptable(message) && (wanted is null || wanted(message)))
            {
                taken.Add(key);
                drawn.Add(message);
            }
        }

        drawn.Sort((a, b) => string.CompareOrdinal(a.Group + a.FileName, b.Group + b.FileName));
        return drawn;
    }
}
