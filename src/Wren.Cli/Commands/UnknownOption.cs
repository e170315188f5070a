using System.CommandLine;
using System.CommandLine.Parsing;

namespace Wren.Cli.Commands;

/// <summary>
/// Finds an option the verb does not have. System.CommandLine reports an unmatched token only when no argument
/// takes it, and verbs with a list of SOURCE arguments take anything, so <c>wren build --epochs 3</c> would
/// otherwise read '--epochs' as a file name. Only tokens before a <c>--</c> count: after it, '-x' is a name.
/// </summary>
internal static class UnknownOption
{
    /// <summary>The one-line error for the first argument that looks like an option the verb lacks, or null.</summary>
    public static string? Find(ParseResult parse)
    {
        int end = parse.Tokens.Select((t, i) => (t, i)).FirstOrDefault(p => p.t.Type == TokenType.DoubleDash, (null!, parse.Tokens.Count)).Item2;
        var beforeDoubleDash = new HashSet<Token>(parse.Tokens.Take(end), ReferenceEqualityComparer.Instance);
        var command = parse.CommandResult;
        foreach (var argument in command.Children.OfType<ArgumentResult>())
        {
            foreach (var token in argument.Tokens)
            {
                if (beforeDoubleDash.Contains(token) && LooksLikeOption(token.Value)) return Describe(command.Command, token.Value);
            }
        }
        // Tokens no argument took: System.CommandLine would say only "unrecognized"; say which option was meant.
        string? unmatched = parse.UnmatchedTokens.FirstOrDefault(LooksLikeOption);
        return unmatched is null ? null : Describe(command.Command, unmatched);
    }

    private static bool LooksLikeOption(string value) =>
        value.Length > 1 && value[0] == '-' && !char.IsAsciiDigit(value[1]) && value[1] != '.';

    private static string Describe(Command command, string given)
    {
        string verb = string.Join(' ', Path(command));
        string name = given.Split('=', 2)[0];
        var options = command.Options.Where(o => !o.Hidden).ToList();
        var closest = options.SelectMany(o => o.Aliases.Prepend(o.Name))
            .Select(alias => (Alias: alias, Distance: Distance(name, alias)))
            .OrderBy(p => p.Distance).ThenBy(p => p.Alias, StringComparer.Ordinal)
            .FirstOrDefault();
        string known = string.Join(", ", options.Select(o => o.Name));
        // Close enough to be a typo: at most a third of the name changed.
        return closest.Alias is not null && closest.Distance <= Math.Max(1, name.TrimStart('-').Length / 3)
            ? $"{verb} has no option '{name}'; did you mean '{closest.Alias}'? (see '{verb} --help')"
            : $"{verb} has no option '{name}'; its options are {known} (see '{verb} --help')";
    }

    private static IEnumerable<string> Path(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault())
        {
            names.Insert(0, s is RootCommand ? "wren" : c.Name);
        }
        if (names.Count == 0 || names[0] != "wren") names.Insert(0, "wren");
        return names;
    }

    /// <summary>Levenshtein distance (System.CommandLine's own typo correction is not public).</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
