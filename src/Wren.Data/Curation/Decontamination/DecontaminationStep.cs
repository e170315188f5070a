using Wren.Data.Curation.Pipeline;

namespace Wren.Data.Curation.Decontamination;

/// <summary>
/// Drops documents that share word n-grams (13 by default) with the evaluation sets, so later
/// evaluation measures generalization, not memory. Rule <c>eval_overlap</c>: value is the number of
/// shared n-grams; the evidence says how many and quotes the first shared passage.
/// Checked against datatrove's <c>NGramsDecontFilter</c> on its main branch at a649de79 (2026-08-13;
/// n_grams.py last changed in c0daa4a3, 2026-03-16), which drops a document at its first n-gram found in the
/// index (rule <c>contaminated</c>). Deliberate differences (listed in the README): 13-grams (GPT-3's and
/// Llama's reports; datatrove: 12); the index holds every n-gram of every string field of the eval records,
/// where datatrove indexes the gold answers and the n-grams overlapping question and answer; words are
/// lower-cased <see cref="Text.WordTokenizer"/> words, not NLTK's over <c>simplify_text</c> (numbers and
/// punctuation stay); <see cref="DecontaminationOptions.MinOverlaps"/> may ask for more than one shared n-gram.
/// </summary>
public sealed class DecontaminationStep : IDocumentStep
{
    private readonly EvalNGramIndex _index;
    private readonly int _minOverlaps;

    public DecontaminationStep(EvalNGramIndex index, int minOverlaps)
    {
        _index = index;
        _minOverlaps = minOverlaps;
    }

    public string Name => "decontamination";

    public IReadOnlyList<ScoreHistogramSpec> Histograms { get; } = [];

    public StepResult Process(WorkingDocument document, StepCounters counters)
    {
        string text = document.Text;
        int overlaps = 0;
        int firstStart = -1, firstEnd = -1;
        EvalNGramIndex.ForEachNGram(text, _index.N, (hash, start, end) =>
        {
            if (_index.Contains(hash))
            {
                overlaps++;
                if (firstStart < 0)
                {
                    firstStart = start;
                    firstEnd = end;
                }
            }
        });
        if (overlaps >= _minOverlaps && overlaps > 0)
        {
            string first = text[firstStart..firstEnd];
            return StepResult.Drop("eval_overlap", overlaps, _minOverlaps, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{overlaps:N0} of its {_index.N}-grams are in the eval sets (min_overlaps {_minOverlaps:N0}); the first: {Quality.DropEvidence.Quote(first)}"), first);
        }
        return StepResult.Keep;
    }
}
