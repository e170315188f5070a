using System.Text.RegularExpressions;
using Wren.Runtime;

namespace Wren.Eval.Tasks;

/// <summary>Scores a generated answer against the acceptable ones: exact match, contains, and a regex-extracted match.</summary>
public sealed class AnswerMatcher
{
    private readonly Regex? _pattern;
    private readonly StringComparison _comparison;

    public AnswerMatcher(GenerationTaskOptions options)
    {
        _comparison = options.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (options.AnswerPattern is { } p)
        {
            try
            {
                _pattern = new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw new WrenException($"--answer-regex \"{p}\": {e.Message}");
            }
        }
    }

    /// <summary>The output stripped of surrounding whitespace equals an answer (stripped too).</summary>
    public bool ExactMatch(string output, IReadOnlyList<string> answers)
    {
        string o = output.Trim();
        foreach (string a in answers)
        {
            if (string.Equals(o, a.Trim(), _comparison)) return true;
        }
        return false;
    }

    /// <summary>An answer occurs anywhere in the output.</summary>
    public bool Contains(string output, IReadOnlyList<string> answers)
    {
        foreach (string a in answers)
        {
            string t = a.Trim();
            if (t.Length > 0 && output.Contains(t, _comparison)) return true;
        }
        return false;
    }

    /// <summary>The answer the pattern extracts (or the first non-empty line), or null when it does not match.</summary>
    public string? Extract(string output)
    {
        if (_pattern is null)
        {
            foreach (string line in output.Split('\n'))
            {
                if (!string.IsNullOrWhiteSpace(line)) return line.Trim();
            }
            return null;
        }
        var m = _pattern.Match(output);
        if (!m.Success) return null;
        return (m.Groups.Count > 1 ? m.Groups[1].Value : m.Value).Trim();
    }

    /// <summary>The extracted answer equals an acceptable one.</summary>
    public bool ExtractedMatch(string output, IReadOnlyList<string> answers) => Extract(output) is { } e && ExactMatch(e, answers);
}
