using System.Text.RegularExpressions;

namespace Wren.Pipeline.Explore;

/// <summary>
/// How much a message looks like unsolicited bulk mail, from signals a spam filter's rule set would count (in the
/// spirit of SpamAssassin's rules, few and coarse): not a reply and not list traffic, an HTML-only body, a shouting
/// or money-laden subject, the phrases of bulk offers and of their "remove me" footers, undisclosed recipients. It
/// only estimates how much spam-like traffic there is where nothing labels it; it is never used as a label.
/// </summary>
internal static partial class SpamSignals
{
    /// <summary>Score at which a message counts as spam-like.</summary>
    public const int Threshold = 4;

    public static int Score(string subject, string body, bool htmlOnly, bool isReply, bool fromList, string? to)
    {
        if (isReply || fromList) return 0;
        int score = 0;
        if (htmlOnly) score += 2;
        if (subject.Length >= 8 && subject.Count(char.IsLetter) is int letters && letters > 0 && subject.Count(char.IsUpper) >= 0.7 * letters) score += 2;
        if (subject.Contains('!') || subject.Contains('$') || MoneySubject().IsMatch(subject)) score += 1;
        string sample = body.Length > 8000 ? body[..8000] : body;
        int phrases = BulkPhrase().Matches(sample).Count;
        score += Math.Min(4, phrases);
        if (RemoveFooter().IsMatch(sample)) score += 2;
        if (to is null || to.Contains("undisclosed", StringComparison.OrdinalIgnoreCase) || to.Contains("recipient", StringComparison.OrdinalIgnoreCase)) score += 1;
        int exclamations = sample.Count(c => c == '!');
        if (exclamations >= 5) score += 1;
        return score;
    }

    [GeneratedRegex(@"(?i)\b(free|cash|money|save|offer|win|winner|cheap|\d+%|credit|loan|mortgage|income|earn)\b")]
    private static partial Regex MoneySubject();

    [GeneratedRegex(@"(?i)\b(click here|act now|limited time|risk[- ]free|100% (free|guaranteed)|no obligation|special promotion|order now|call now|dear friend|make money|extra income|work from home|credit card|lowest (price|rate)|satisfaction guaranteed|this is not spam|once in a lifetime|million dollars?|double your|business opportunity|amazing offer|free (gift|trial|quote|access)|wire transfer|bank account)\b")]
    private static partial Regex BulkPhrase();

    [GeneratedRegex(@"(?i)(to (be )?remove[d]? (yourself|your (e-?mail|address|name))|remove in the subject|reply with ['""]?remove|unsubscribe from (this|our) (list|mailing)|you (are )?receiv(ed|ing) this (e-?mail|message) because|opt[- ]out)")]
    private static partial Regex RemoveFooter();
}
