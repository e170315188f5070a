using Wren.Runtime.Generation;

namespace Wren.Pipeline.Build.Events;

/// <summary>One sample continuation of a prompt by the trained model.</summary>
public sealed record SampleGenerated(GeneratedText Generation) : BuildEvent;
