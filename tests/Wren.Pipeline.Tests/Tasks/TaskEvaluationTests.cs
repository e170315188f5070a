using Wren.Data.Tasks;
using Wren.Pipeline.Tasks;
using Wren.Runtime;

namespace Wren.Pipeline.Tests.Tasks;

public sealed class TaskEvaluationTests
{
    [Fact]
    public void TheKindIsTheTaskFoldersAndATestFileAloneIsClassified()
    {
        string dir = Directory.CreateTempSubdirectory("wren-task-kind-").FullName;
        try
        {
            new TaskDefinition { Name = "replies", Kind = TaskDefinition.GenerateKind, Labels = [] }.Save(Path.Combine(dir, TaskDefinition.FileName));
            string file = Path.Combine(dir, "test.jsonl");
            File.WriteAllText(file, "{\"input\":\"a\",\"output\":\"b\"}\n");

            Assert.Equal(TaskDefinition.GenerateKind, TaskEvaluation.KindOf(null, dir));
            Assert.Equal(TaskDefinition.ClassifyKind, TaskEvaluation.KindOf(null, file));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ARunFolderWithoutItsTaskJsonIsRefusedByName()
    {
        string dir = Directory.CreateTempSubdirectory("wren-task-kind-").FullName;
        try
        {
            var e = Assert.Throws<WrenException>(() => TaskEvaluation.KindOf(dir, dir));
            Assert.Contains("not a task run", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
