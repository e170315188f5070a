using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Wren.Runtime;

namespace Wren.Data.Curation.Pii;

/// <summary>
/// Finds personal data and secrets. Each type is a candidate pattern followed by a check that
/// removes look-alikes: card numbers must pass Luhn and start like a card brand, IBANs must pass
/// mod-97, IPv6 must parse, phone numbers must have 10 to 15 digits (8+ after a '+') and must not be
/// dates, version numbers, prices or other numbers in running figures; secrets after words like
/// "password" or "token" must look random (entropy). Overlaps resolve to the earliest, then longest
/// finding. Thread-safe.
/// </summary>
public sealed partial class PiiDetector
{
    private readonly HashSet<PiiType> _types;
    private readonly HashSet<string> _allow;
    private readonly List<string> _allowDomains;
    private readonly double _secretMinEntropy;

    // Vectorised multi-substring gates (SearchValues): the secret regexes run only on texts that contain a prefix they need.
    private static readonly SearchValues<string> KnownSecretPrefixes = SearchValues.Create(
        ["AKIA", "ASIA", "ABIA", "ACCA", "AIza", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "hooks.slack.com", "AccountKey=", "SharedAccessKey="],
        StringComparison.Ordinal);

    private static readonly SearchValues<string> SecretKeywords = SearchValues.Create(
        ["password", "passwd", "pwd", "pass", "secret", "token", "api_key", "api-key", "apikey", "access_key", "access-key", "accesskey", "auth"],
        StringComparison.OrdinalIgnoreCase);

    public PiiDetector(PiiOptions options)
    {
        _types = new HashSet<PiiType>();
        foreach (string name in options.Types)
        {
            _types.Add(name.ToLowerInvariant() switch
            {
                "email" => PiiType.Email,
                "phone" => PiiType.Phone,
                "ip_address" or "ip" => PiiType.IpAddress,
                "credit_card" => PiiType.CreditCard,
                "iban" => PiiType.Iban,
                "us_ssn" or "ssn" => PiiType.UsSsn,
                "secret" or "secrets" => PiiType.Secret,
                _ => throw new WrenException($"pii.types: unknown type '{name}' (known: email, phone, ip_address, credit_card, iban, us_ssn, secret)"),
            });
        }
        _allow = new HashSet<string>(options.Allow.Where(a => !a.StartsWith('@')), StringComparer.OrdinalIgnoreCase);
        _allowDomains = options.Allow.Where(a => a.StartsWith('@')).ToList();
        _secretMinEntropy = options.SecretMinEntropy;
    }

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"\b(?:(?<aws_access_key>(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})|(?<gcp_api_key>AIza[0-9A-Za-z_\-]{35})|(?<github_token>(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})|(?<slack_token>xox[abprs]-[A-Za-z0-9-]{10,}))(?![A-Za-z0-9])|(?<slack_webhook>https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+)|(?<azure_key>(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{40,}={0,2})")]
    private static partial Regex KnownSecret();

    // A secret after a word that names one: the keyword, then ':', '=', '=>' or 'is', then the value.
    private const string KeywordSecretPattern = @"\b(?:password|passwd|pwd|pass|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|auth[_-]?token|client[_-]?secret)\b[""']?\s*(?:[:=]|=>|\bis\b)\s*[""']?(?<value>[^\s""',;]{8,200})";

    [GeneratedRegex("(?i)" + KeywordSecretPattern)]
    private static partial Regex KeywordSecret();

    /// <summary><see cref="KeywordSecret"/> anchored where the search starts (<c>\G</c>), for trying it only where a keyword begins.</summary>
    [GeneratedRegex(@"(?i)\G" + KeywordSecretPattern)]
    private static partial Regex KeywordSecretAt();

    // Every way a KeywordSecret match can begin (each alternative's first letters).
    private static readonly SearchValues<string> SecretKeywordStarts = SearchValues.Create(
        ["pwd", "pass", "secret", "token", "api", "access", "auth", "client"], StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\G@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b")]
    private static partial Regex EmailDomain();

    [GeneratedRegex(@"(?<![\w.\-/:$€£¥])(?<!\d[ .\-])(?:\+\d{1,3}[\s.\-]?(?:\(\d{1,4}\)[\s.\-]?)?\d{1,4}(?:[\s.\-]?\d{2,4}){1,4}|\(\d{3}\)\s?\d{3}[\s.\-]\d{4}|\d{3}[\s.\-]\d{3}[\s.\-]\d{4}|0\d{1,4}[\s\-/]\d{2,4}(?:[\s\-]\d{2,4}){1,3})(?![\w\-/]|[.,]\d|[ .\-]\d)")]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w]|\.\d)")]
    private static partial Regex IPv4();

    [GeneratedRegex(@"(?<![\w\-.])\d(?:[ \-]?\d){12,18}(?![\w\-]|[.,]\d)")]
    private static partial Regex CardCandidate();

    // Country code, check digits, then groups of four (spaced or not) and a shorter last group.
    private const string IbanPattern = @"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b";

    [GeneratedRegex(IbanPattern)]
    private static partial Regex IbanCandidate();

    /// <summary><see cref="IbanCandidate"/> anchored where the search starts (<c>\G</c>), tried only where two capitals precede two digits.</summary>
    [GeneratedRegex(@"\G" + IbanPattern)]
    private static partial Regex IbanAt();

    [GeneratedRegex(@"(?<![\w\-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w\-])")]
    private static partial Regex UsSsn();

    [GeneratedRegex(@"^(?:19|20)\d\d[\-/.\s](?:0?[1-9]|1[0-2])[\-/.\s]")]
    private static partial Regex DateLike();

    /// <summary>All findings in <paramref name="text"/>, sorted by position, without overlaps or allowed values.</summary>
    // Optimised on first call instead of tiering up: per-document work over the whole text, and a
    // run sees each document once, so tier-0 code would otherwise process a large share of it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<PiiMatch> Find(string text)
    {
        var found = new List<PiiMatch>();
        if (_types.Contains(PiiType.Secret))
        {
            if (text.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                foreach (Match m in PrivateKeyBlock().Matches(text))
                {
                    found.Add(new PiiMatch(m.Index, m.Length, PiiType.Secret, "private_key"));
                }
            }
            var knownSecrets = text.AsSpan().ContainsAny(KnownSecretPrefixes) ? KnownSecret().Matches(text) : null;
            foreach (Match m in knownSecrets ?? (IEnumerable<Match>)[])
            {
                string kind = "secret";
                foreach (Group g in m.Groups)
                {
                    if (g.Success && g.Name.Length > 2 && !char.IsDigit(g.Name[0]))
                    {
                        kind = g.Name;
                    }
                }
                found.Add(new PiiMatch(m.Index, m.Length, PiiType.Secret, kind));
            }
            if (text.AsSpan().ContainsAny(SecretKeywords))
            {
                foreach (Match m in KeywordSecrets(text))
                {
                    Group value = m.Groups["value"];
                    if (LooksRandom(value.ValueSpan))
                    {
                        found.Add(new PiiMatch(value.Index, value.Length, PiiType.Secret, "keyword_high_entropy"));
                    }
                }
            }
        }
        if (_types.Contains(PiiType.Email) && text.Contains('@'))
        {
            FindEmails(text, found);
        }
        if (_types.Contains(PiiType.Iban) || _types.Contains(PiiType.CreditCard) || _types.Contains(PiiType.UsSsn) || _types.Contains(PiiType.IpAddress) || _types.Contains(PiiType.Phone))
        {
            FindNumbers(text, found);
        }
        return Resolve(text, found);
    }

    /// <summary>
    /// The number-like findings (IBAN, card, SSN, IPv4, IPv6, phone) as first written, each pattern
    /// run over the whole text, in the same order <see cref="Find"/> adds them; kept as the reference
    /// the tests compare <see cref="FindNumbers"/> with.
    /// </summary>
    internal List<PiiMatch> FindNumbersReference(string text)
    {
        var found = new List<PiiMatch>();
        if (_types.Contains(PiiType.Iban))
        {
            foreach (Match m in IbanCandidate().Matches(text))
            {
                if (PiiChecksums.Iban(m.ValueSpan))
                {
                    found.Add(new PiiMatch(m.Index, m.Length, PiiType.Iban, "iban"));
                }
            }
        }
        if (_types.Contains(PiiType.CreditCard))
        {
            foreach (Match m in CardCandidate().Matches(text))
            {
                if (IsCardNumber(m.ValueSpan))
                {
                    found.Add(new PiiMatch(m.Index, m.Length, PiiType.CreditCard, "credit_card"));
                }
            }
        }
        if (_types.Contains(PiiType.UsSsn))
        {
            foreach (Match m in UsSsn().Matches(text))
            {
                found.Add(new PiiMatch(m.Index, m.Length, PiiType.UsSsn, "us_ssn"));
            }
        }
        if (_types.Contains(PiiType.IpAddress))
        {
            foreach (Match m in IPv4().Matches(text))
            {
                found.Add(new PiiMatch(m.Index, m.Length, PiiType.IpAddress, "ipv4"));
            }
            FindIPv6(text, found);
        }
        if (_types.Contains(PiiType.Phone))
        {
            foreach (Match m in Phone().Matches(text))
            {
                if (IsPhoneNumber(m.ValueSpan))
                {
                    found.Add(new PiiMatch(m.Index, m.Length, PiiType.Phone, "phone"));
                }
            }
        }
        return found;
    }

    /// <summary>The number-like findings of <see cref="Find"/>, before overlaps are resolved, for the tests.</summary>
    internal List<PiiMatch> FindNumbersOnly(string text)
    {
        var found = new List<PiiMatch>();
        FindNumbers(text, found);
        return found;
    }

    /// <summary>
    /// IBANs, card numbers, SSNs, IPv4 and IPv6 addresses and phone numbers, added in the order the
    /// whole-text patterns used to add them (the overlap resolution sorts with an unstable sort, so
    /// the order decides ties).
    /// </summary>
    /// <remarks>
    /// Hand-written driver instead of running five patterns over the whole text: each pattern began
    /// an attempt at every digit, and most digits in mail and speeches (dates, times, years,
    /// message ids) can never be part of a finding. Every character those four number patterns
    /// (phone, card, SSN, IPv4) can match is a digit, whitespace or one of <c>+()./-</c>, so every
    /// match lies inside one maximal run of such characters (a "number run"), and the runs are
    /// independent: a match never crosses into the next run, so scanning a run alone gives the same
    /// matches as scanning the whole text. The driver jumps from digit to digit (a vectorised
    /// search), measures the run around it, and runs a pattern only on a run that holds the digits
    /// and separators its findings need (phone 8+ ASCII digits, card 13+, SSN 9 digits and two '-',
    /// IPv4 4 digits and three '.'), in a window that keeps the three characters before the run and
    /// two after it, as far as the patterns' lookarounds reach. An IBAN starts with two capital
    /// letters and two digits, so its anchored pattern is tried only where a run's first digit
    /// follows two capitals. The tests compare the result with <see cref="FindNumbersReference"/>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FindNumbers(string text, List<PiiMatch> found)
    {
        bool iban = _types.Contains(PiiType.Iban), card = _types.Contains(PiiType.CreditCard), ssn = _types.Contains(PiiType.UsSsn);
        bool ip = _types.Contains(PiiType.IpAddress), phone = _types.Contains(PiiType.Phone);
        List<PiiMatch>? ibans = null, cards = null, ssns = null, ipv4s = null, phones = null;
        ReadOnlySpan<char> all = text;
        int ibanNext = 0;
        int pos = 0;
        while (pos < all.Length)
        {
            int d = all[pos..].IndexOfAny(Digits);
            if (d < 0)
            {
                break;
            }
            d += pos;
            if (iban && d >= 2 && d - 2 >= ibanNext && d + 1 < all.Length && char.IsAsciiLetterUpper(all[d - 1]) && char.IsAsciiLetterUpper(all[d - 2]) && char.IsDigit(all[d + 1]))
            {
                var m = IbanAt().Match(text, d - 2);
                if (m.Success)
                {
                    ibanNext = m.Index + m.Length;
                    if (PiiChecksums.Iban(m.ValueSpan))
                    {
                        (ibans ??= []).Add(new PiiMatch(m.Index, m.Length, PiiType.Iban, "iban"));
                    }
                }
            }
            int start = d;
            while (start > pos && IsNumberRunChar(all[start - 1]))
            {
                start--;
            }
            int end = d, ascii = 0, digits = 0, dots = 0, dashes = 0;
            while (end < all.Length)
            {
                char c = all[end];
                if (char.IsAsciiDigit(c))
                {
                    ascii++;
                    digits++;
                }
                else if (c == '.')
                {
                    dots++;
                }
                else if (c == '-')
                {
                    dashes++;
                }
                else if (!IsNumberRunChar(c))
                {
                    break;
                }
                else if (c >= 128 && char.IsDigit(c))
                {
                    digits++;
                }
                end++;
            }
            pos = end;
            if (card && ascii >= 13)
            {
                RunWindow(CardCandidate(), text, start, end, PiiType.CreditCard, "credit_card", ref cards);
            }
            if (ssn && digits >= 9 && dashes >= 2)
            {
                RunWindow(UsSsn(), text, start, end, PiiType.UsSsn, "us_ssn", ref ssns);
            }
            if (ip && digits >= 4 && dots >= 3)
            {
                RunWindow(IPv4(), text, start, end, PiiType.IpAddress, "ipv4", ref ipv4s);
            }
            if (phone && ascii >= 8)
            {
                RunWindow(Phone(), text, start, end, PiiType.Phone, "phone", ref phones);
            }
        }
        AddAll(found, ibans);
        AddAll(found, cards);
        AddAll(found, ssns);
        AddAll(found, ipv4s);
        if (ip)
        {
            FindIPv6(text, found);
        }
        AddAll(found, phones);

        static void AddAll(List<PiiMatch> found, List<PiiMatch>? more)
        {
            if (more is not null)
            {
                found.AddRange(more);
            }
        }
    }

    /// <summary>The matches of <paramref name="pattern"/> that start inside the number run [start, end), with the run's lookaround context.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunWindow(Regex pattern, string text, int start, int end, PiiType type, string kind, ref List<PiiMatch>? into)
    {
        int from = Math.Max(0, start - 3);
        int to = Math.Min(text.Length, end + 2);
        for (var m = pattern.Match(text, from, to - from); m.Success; m = m.NextMatch())
        {
            if (m.Index < start || m.Index >= end)
            {
                continue;
            }
            bool keep = type switch
            {
                PiiType.CreditCard => IsCardNumber(m.ValueSpan),
                PiiType.Phone => IsPhoneNumber(m.ValueSpan),
                _ => true,
            };
            if (keep)
            {
                (into ??= []).Add(new PiiMatch(m.Index, m.Length, type, kind));
            }
        }
    }

    /// <summary>Characters the phone, card, SSN and IPv4 patterns can match: <c>\d</c>, <c>\s</c> and <c>+()./-</c>.</summary>
    private static bool IsNumberRunChar(char c) =>
        c < 128 ? NumberRunAscii.Contains(c) : char.IsDigit(c) || char.IsWhiteSpace(c);

    private static readonly SearchValues<char> NumberRunAscii = SearchValues.Create("0123456789+()./-\t\n\v\f\r ");

    /// <summary>Every character <c>\d</c> matches (Unicode decimal digits), for the vectorised jump to the next digit.</summary>
    private static readonly SearchValues<char> Digits = SearchValues.Create(AllDigits());

    private static string AllDigits()
    {
        var digits = new System.Text.StringBuilder();
        for (int c = 0; c <= char.MaxValue; c++)
        {
            if (char.IsDigit((char)c))
            {
                digits.Append((char)c);
            }
        }
        return digits.ToString();
    }

    /// <summary>
    /// The matches of <see cref="KeywordSecret"/>, left to right and not overlapping, found by trying
    /// the anchored pattern only where a keyword begins (a vectorised multi-string search) instead
    /// of at every letter: e-mail headers are full of "auth" and "pass", and the case-insensitive
    /// alternation gives the regex engine no prefix to skip to.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static List<Match> KeywordSecrets(string text)
    {
        var matches = new List<Match>();
        int at = 0;
        while (at < text.Length)
        {
            int next = text.AsSpan(at).IndexOfAny(SecretKeywordStarts);
            if (next < 0)
            {
                break;
            }
            at += next;
            var m = KeywordSecretAt().Match(text, at);
            if (m.Success)
            {
                matches.Add(m);
                at = m.Index + m.Length;
            }
            else
            {
                at++;
            }
        }
        return matches;
    }

    /// <summary>The whole-text form of <see cref="KeywordSecrets"/>, kept as the reference the tests compare with.</summary>
    internal static List<Match> KeywordSecretsReference(string text) => KeywordSecret().Matches(text).ToList();

    /// <summary>
    /// E-mail addresses, found from each '@' outwards (a regex that starts at every letter would
    /// rescan up to 64 characters per position): the local part leftwards, the domain by regex.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FindEmails(string text, List<PiiMatch> found)
    {
        int at = -1;
        while ((at = text.IndexOf('@', at + 1)) >= 0)
        {
            int start = at;
            while (start > 0 && at - start < 64 && IsLocalPartChar(text[start - 1]))
            {
                start--;
            }
            while (start < at && !char.IsAsciiLetterOrDigit(text[start]))
            {
                start++;
            }
            if (start == at || (start > 0 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] == '.')))
            {
                continue;
            }
            var domain = EmailDomain().Match(text, at);
            if (domain.Success)
            {
                found.Add(new PiiMatch(start, domain.Index + domain.Length - start, PiiType.Email, "email"));
                at = domain.Index + domain.Length - 1;
            }
        }
    }

    /// <summary>
    /// IPv6 addresses, found from each ':' (a regex would start at every hex letter of ordinary
    /// words): the run of hex digits and colons around it is the candidate, which must parse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FindIPv6(string text, List<PiiMatch> found)
    {
        int colon = -1;
        while (colon + 1 < text.Length && (colon = text.IndexOf(':', colon + 1)) >= 0)
        {
            int start = colon, end = colon + 1;
            while (start > 0 && (char.IsAsciiHexDigit(text[start - 1]) || text[start - 1] == ':'))
            {
                start--;
            }
            while (end < text.Length && (char.IsAsciiHexDigit(text[end]) || text[end] == ':'))
            {
                end++;
            }
            colon = end - 1;
            bool boundedLeft = start == 0 || !(char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or '_');
            bool boundedRight = end == text.Length || !(char.IsLetterOrDigit(text[end]) || text[end] == '_' || (text[end] == '.' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1])));
            if (!boundedLeft || !boundedRight || end - start < 6)
            {
                continue;
            }
            string candidate = text[start..end];
            if (IsIPv6(candidate))
            {
                found.Add(new PiiMatch(start, end - start, PiiType.IpAddress, "ipv6"));
            }
        }
    }

    private static bool IsLocalPartChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    /// <summary>Replaces each finding by its placeholder.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Redact(string text, List<PiiMatch> matches)
    {
        if (matches.Count == 0)
        {
            return text;
        }
        // The result's length is known up front, so it is written once into the new string (a
        // StringBuilder first copied every character into its own buffer).
        int length = text.Length;
        foreach (var m in matches)
        {
            length += m.Placeholder.Length - m.Length;
        }
        return string.Create(length, (text, matches), static (output, state) =>
        {
            var (source, found) = state;
            int at = 0;
            foreach (var m in found)
            {
                source.AsSpan(at, m.Start - at).CopyTo(output);
                output = output[(m.Start - at)..];
                m.Placeholder.AsSpan().CopyTo(output);
                output = output[m.Placeholder.Length..];
                at = m.End;
            }
            source.AsSpan(at).CopyTo(output);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<PiiMatch> Resolve(string text, List<PiiMatch> found)
    {
        // Earliest first; at the same start the longer one (a card number beats a phone number inside it).
        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var result = new List<PiiMatch>(found.Count);
        int end = -1;
        foreach (var m in found)
        {
            if (m.Start < end)
            {
                continue;
            }
            if (IsAllowed(text.AsSpan(m.Start, m.Length), m.Type))
            {
                continue;
            }
            result.Add(m);
            end = m.End;
        }
        return result;
    }

    private bool IsAllowed(ReadOnlySpan<char> value, PiiType type)
    {
        if (_allow.Count == 0 && _allowDomains.Count == 0)
        {
            return false;
        }
        string s = value.ToString();
        if (_allow.Contains(s))
        {
            return true;
        }
        if (type == PiiType.Email)
        {
            foreach (string domain in _allowDomains)
            {
                if (s.EndsWith(domain, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private bool LooksRandom(ReadOnlySpan<char> value)
    {
        if (value.Length < 8 || value.StartsWith("<") || value.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }
        int classes = (value.IndexOfAnyInRange('a', 'z') >= 0 ? 1 : 0) + (value.IndexOfAnyInRange('A', 'Z') >= 0 ? 1 : 0) + (value.IndexOfAnyInRange('0', '9') >= 0 ? 1 : 0);
        return classes >= 2 && PiiChecksums.Entropy(value) >= _secretMinEntropy;
    }

    internal static bool IsCardNumber(ReadOnlySpan<char> candidate)
    {
        Span<char> digits = stackalloc char[24];
        int n = 0;
        foreach (char c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                if (n == digits.Length)
                {
                    return false;
                }
                digits[n++] = c;
            }
        }
        if (n < 13 || n > 19 || !PiiChecksums.Luhn(candidate))
        {
            return false;
        }
        ReadOnlySpan<char> d = digits[..n];
        int two = (d[0] - '0') * 10 + (d[1] - '0');
        int four = int.Parse(d[..4]);
        // Brand prefixes with the lengths each brand issues (ISO/IEC 7812 ranges as the card networks publish them).
        bool brand = d[0] == '4' ? n is 13 or 16 or 19 // Visa
            : (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) ? n == 16 // Mastercard
            : two is 34 or 37 ? n == 15 // American Express
            : four == 6011 || two == 65 || (four >= 6440 && four <= 6499) ? n is >= 16 and <= 19 // Discover
            : two is 36 or 38 || (four >= 3000 && four <= 3059) ? n is >= 14 and <= 19 // Diners Club
            : four >= 3528 && four <= 3589 ? n is >= 16 and <= 19 // JCB
            : two == 62 ? n is >= 16 and <= 19 // UnionPay
            : two is 50 or 56 or 57 or 58 or 67 && n is >= 12 and <= 19; // Maestro
        return brand;
    }

    internal static bool IsPhoneNumber(ReadOnlySpan<char> candidate)
    {
        int digits = 0;
        foreach (char c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }
        bool international = candidate[0] == '+';
        if (digits > 15 || digits < (international ? 8 : 10))
        {
            return false;
        }
        // Dotted groups without a leading '+' are version numbers or dates far more often than phones ("10.0.19041.1234").
        if (!international && candidate.Contains('.') && !LooksLikeDottedPhone(candidate))
        {
            return false;
        }
        // A date with a time or a date range (2024-01-15 1030, 1999-12-31-2000) starts with a year and a month.
        if (DateLike().IsMatch(candidate))
        {
            return false;
        }
        return true;
    }

    private static bool LooksLikeDottedPhone(ReadOnlySpan<char> candidate)
    {
        // NANP with dots: 555.123.4567 (groups 3-3-4). Anything else dotted is rejected.
        var groups = new List<int>(4);
        int len = 0;
        foreach (char c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                len++;
            }
            else
            {
                groups.Add(len);
                len = 0;
            }
        }
        groups.Add(len);
        return groups.Count == 3 && groups[0] == 3 && groups[1] == 3 && groups[2] == 4;
    }

    private static bool IsIPv6(string candidate)
    {
        int colons = candidate.AsSpan().Count(':');
        int hex = 0;
        foreach (char c in candidate)
        {
            if (char.IsAsciiHexDigit(c))
            {
                hex++;
            }
        }
        // Times (12:30:45) and short ratios are not addresses: require either the full eight groups or '::' with real content.
        if (hex < 4 || (colons < 7 && !candidate.Contains("::", StringComparison.Ordinal)))
        {
            return false;
        }
        return IPAddress.TryParse(candidate, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }
}
