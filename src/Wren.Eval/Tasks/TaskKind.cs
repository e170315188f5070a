namespace Wren.Eval.Tasks;

/// <summary>What an evaluation task measures.</summary>
public enum TaskKind
{
    /// <summary>Rolling loglikelihood of held-out text: perplexity and bits per byte.</summary>
    Perplexity,

    /// <summary>Loglikelihood of each choice after the context: acc and acc_norm.</summary>
    MultipleChoice,

    /// <summary>Greedy generation scored by exact match, contains and a regex-extracted answer.</summary>
    Generation,

    /// <summary>Multiple choice generated from the user's own held-out documents.</summary>
    Cloze,
}
