using Wren.Runtime;

namespace Wren.Data.Tasks;

/// <summary>
/// A task folder on disk: <c>task.json</c> + <c>train.jsonl</c>, <c>val.jsonl</c>, <c>test.jsonl</c>. Written into a
/// temporary folder beside the target and moved into place when complete, so a crash never leaves a folder whose
/// files disagree.
/// </summary>
public static class TaskFolder
{
    public static string SplitPath(string folder, string split) => Path.Combine(folder, split + ".jsonl");

    public static void Write(string folder, TaskDefinition definition, IEnumerable<TaskExample> train, IEnumerable<TaskExample> validation, IEnumerable<TaskExample> test)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        string temp = full + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        try
        {
            TaskExampleJsonl.Write(SplitPath(temp, TaskSplits.Train), train);
            TaskExampleJsonl.Write(SplitPath(temp, TaskSplits.Validation), validation);
            TaskExampleJsonl.Write(SplitPath(temp, TaskSplits.Test), test);
            definition.Save(Path.Combine(temp, TaskDefinition.FileName));
            if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
            Directory.Move(temp, full);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>Whether a path is a task folder (it holds task.json).</summary>
    public static bool IsTaskFolder(string path) => File.Exists(Path.Combine(path, TaskDefinition.FileName));

    /// <summary>
    /// A task folder, or one JSONL file of examples (an exported data set): examples with a <c>split</c> field go to that
    /// split, the others to training. A folder's files must all be there.
    /// </summary>
    public static TaskDataSet Load(string path)
    {
        if (Directory.Exists(path))
        {
            if (!IsTaskFolder(path)) throw new WrenException($"{path}: not a task folder (no {TaskDefinition.FileName}; make one with wren task data)");
            var definition = TaskDefinition.Load(Path.Combine(path, TaskDefinition.FileName));
            var splits = TaskSplits.All.ToDictionary(s => s, s => (IReadOnlyList<TaskExample>)TaskExampleJsonl.Read(SplitPath(path, s)), StringComparer.Ordinal);
            return new TaskDataSet(definition, splits[TaskSplits.Train], splits[TaskSplits.Validation], splits[TaskSplits.Test], path);
        }

        if (!File.Exists(path)) throw new WrenException($"{path}: no such task folder or JSONL file");
        var examples = TaskExampleJsonl.Read(path);
        if (examples.Count == 0) throw new WrenException($"{path}: no examples");
        return new TaskDataSet(null,
            examples.Where(e => e.Split is null or TaskSplits.Train).ToList(),
            examples.Where(e => e.Split == TaskSplits.Validation).ToList(),
            examples.Where(e => e.Split == TaskSplits.Test).ToList(),
            path);
    }
}
