using System.Runtime.CompilerServices;
using Wren.Data.Curation.Pipeline;

namespace Wren.Data.Curation.Pii;

/// <summary>
/// Replaces personal data and secrets by typed placeholders (<c>&lt;EMAIL&gt;</c>, ...). Never drops
/// a document; counts findings per type ("pii.EMAIL") and per secret kind, and writes the count as
/// <c>pii_redactions</c> in <c>metadata.wren</c>.
/// Checked against datatrove's <c>PIIFormatter</c> on its main branch at a649de79 (2026-08-13; the formatter
/// last changed in c72b1e4a, 2024-05-02), which replaces e-mail addresses and public IPv4 addresses only.
/// Deliberate differences (listed in the README): more types (phone, card, IBAN, US SSN, secrets, IPv6);
/// a typed placeholder instead of datatrove's rotating fake values ("email@example.com", "22.214.171.124"),
/// so a model learns that a value was there, not a fake one; private and loopback IPv4 addresses are
/// redacted too (an organization's internal addresses map its network; datatrove keeps non-global ones);
/// an address's top-level domain must be 2 to 24 letters and its local part is letters, digits and
/// <c>. _ % + -</c> (datatrove also takes <c>! # $ &amp; ' * / = ? ^ ` { | } ~</c> and bracketed IP domains).
/// </summary>
public sealed class PiiStep : IDocumentStep
{
    // "pii.EMAIL", ... by PiiType, built once rather than per finding.
    private static readonly string[] CounterNames = Enum.GetValues<PiiType>().Select(t => "pii." + PiiPlaceholders.For(t).Trim('<', '>')).ToArray();

    private readonly PiiDetector _detector;

    public PiiStep(PiiOptions options) => _detector = new PiiDetector(options);

    public string Name => "pii";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [];

    // Optimised on first call instead of tiering up: per-document work over the whole text, and a
    // run sees each document once, so tier-0 code would otherwise process a large share of it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        var matches = _detector.Find(document.Text);
        if (matches.Count == 0)
        {
            return StepResult.Keep;
        }
        foreach (var m in matches)
        {
            counters.Add(CounterNames[(int)m.Type]);
            if (m.Type == PiiType.Secret)
            {
                counters.Add("secret." + m.Kind);
            }
        }
        document.SetScore("pii_redactions", matches.Count);
        document.Text = PiiDetector.Redact(document.Text, matches);
        return StepResult.Keep;
    }
}
