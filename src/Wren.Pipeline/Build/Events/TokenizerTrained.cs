using Wren.Pipeline.Tokenization;

namespace Wren.Pipeline.Build.Events;

/// <summary>A tokenizer was trained on the curated text.</summary>
public sealed record TokenizerTrained(TokenizerTrainingResult Result, TokenizerTrainingOptions Options) : BuildEvent;
