namespace Wren.Runtime.Classification;

/// <summary>Anything that picks one of a fixed set of labels for a text: a task model, or a baseline it is compared with.</summary>
public interface ITextClassifier
{
    /// <summary>The label set, in the order of <see cref="ClassPrediction.Probabilities"/>.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>Classifies one text; thread-safe.</summary>
    ClassPrediction Classify(string input);
}
