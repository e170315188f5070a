namespace Wren.Data.Teacher;

/// <summary>What the teacher makes from each chunk or record.</summary>
public enum TeacherTaskKind
{
    /// <summary>Question–answer pairs grounded in a document chunk (input: the question; output: the answer).</summary>
    Qa,

    /// <summary>
    /// Instruction–response pairs over a chunk, as Bonito (Nayak et al., 2024) and Instruction Pre-Training (Cheng et
    /// al., 2024) make them (input: the chunk and an instruction about it; output: the response).
    /// </summary>
    Instruct,

    /// <summary>The chunk rewritten in plain, clear prose (Maini et al., 2024, "Rephrasing the Web"); input: the chunk; output: the rephrasing.</summary>
    Rephrase,

    /// <summary>A label from a fixed set for each unlabelled record (input: the record; output: the label).</summary>
    Label,
}
