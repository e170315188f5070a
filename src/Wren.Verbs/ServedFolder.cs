using Wren.Runtime.Constraints;
using Wren.Runtime.Generation;

namespace Wren.Verbs;

/// <summary>What <c>serve</c> serves from a task run folder: the model in it, the task's labels or schema held on every answer, and the line that says so.</summary>
/// <param name="Constraint">The task's constraint for the loaded model (a label set or a JSON Schema).</param>
public sealed record ServedFolder(string ModelFolder, Func<WrenModel, TokenConstraint?> Constraint, string Description);
