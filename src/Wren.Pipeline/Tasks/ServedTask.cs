using Wren.Runtime.Classification;
using Wren.Runtime.Constraints;
using Wren.Runtime.Generation;

namespace Wren.Pipeline.Tasks;

/// <summary>
/// A task run folder given to <c>wren serve</c>: the model it trained (RUN/model) and what its answers are held to,
/// so a served task model answers only as its task allows: a classifier one of its labels, an extract model a JSON
/// object that validates against its schema (a generate model writes free text).
/// </summary>
public sealed record ServedTask(string Task, string Kind, string ModelFolder, IReadOnlyList<string> Labels, string? SchemaJson)
{
    /// <summary>The task of a run folder (it holds task.json and model/), or null for any other path.</summary>
    public static ServedTask? Find(string path)
    {
        if (!Directory.Exists(path) || !File.Exists(Path.Combine(path, WritingTaskManifest.FileName))) return null;
        string kind = WritingTaskManifest.KindOf(path);
        if (kind == "classify")
        {
            var classifier = ClassifierManifest.Load(path);
            return new ServedTask(classifier.Task, kind, Path.Combine(path, classifier.Model), classifier.Labels, null);
        }

        var manifest = WritingTaskManifest.Load(path);
        return new ServedTask(manifest.Task, kind, Path.Combine(path, manifest.Model), [], manifest.Schema?.ToJsonString());
    }

    /// <summary>The constraint every answer of <paramref name="model"/> gets; null for free text.</summary>
    public TokenConstraint? Constraint(WrenModel model) => Kind switch
    {
        "classify" => TokenConstraint.ForLabels(Labels, model.Tokenizer, model.Model.Config.VocabSize),
        "extract" when SchemaJson is not null => TokenConstraint.ForJsonSchema(SchemaJson, model.Tokenizer, model.Model.Config.VocabSize),
        _ => null,
    };

    /// <summary>What the answers are held to, for the serve banner.</summary>
    public string Describe() => Kind switch
    {
        "classify" => $"task {Task}: answers are one of {string.Join(", ", Labels)}",
        "extract" => $"task {Task}: answers are JSON objects that validate against its schema",
        _ => $"task {Task} ({Kind}): free text",
    };
}
