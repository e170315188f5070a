namespace Wren.Eval.Tasks;

/// <summary>What the model answered to one generation question and how it matched.</summary>
public sealed record GenerationAnswer(string Output, bool ExactMatch, bool Contains, bool ExtractedMatch);
