using Wren.Eval.Tasks;
using Wren.Runtime;

namespace Wren.Eval.Tests.Tasks;

public sealed class TaskFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, params string[] lines)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void MultipleChoiceRecordsAreReadWithGoldAsIndexOrText()
    {
        string path = Write("mc.jsonl",
            """{"context": "2 + 2 =", "choices": ["3", "4"], "gold": 1}""",
            "",
            """{"context": "Capital of France:", "choices": ["Paris", "Rome", "Oslo"], "gold": "Paris"}""");
        var items = TaskFile.ReadMultipleChoice(path);
        Assert.Equal(2, items.Count);
        Assert.Equal(1, items[0].Gold);
        Assert.Equal(0, items[1].Gold);
        Assert.Equal(["Paris", "Rome", "Oslo"], items[1].Choices);
        Assert.Equal($"{path}:3", items[1].Where);
        Assert.Equal(TaskKind.MultipleChoice, TaskFile.Detect(path));
    }

    [Fact]
    public void GenerationRecordsTakeOneAnswerOrAList()
    {
        string path = Write("gen.jsonl",
            """{"prompt": "Q: 2 + 2?\nA:", "answer": "4"}""",
            """{"prompt": "Q: capital of France?\nA:", "answer": ["Paris", "paris"]}""");
        var items = TaskFile.ReadGeneration(path);
        Assert.Equal(["4"], items[0].Answers);
        Assert.Equal(["Paris", "paris"], items[1].Answers);
        Assert.Equal(TaskKind.Generation, TaskFile.Detect(path));
    }

    [Theory]
    [InlineData("""{"context": "x", "choices": ["a", "b"], "gold": 2}""", "not one of the 2 choices")]
    [InlineData("""{"context": "x", "choices": ["a"], "gold": 0}""", "at least 2")]
    [InlineData("""{"context": "x", "choices": ["a", "b"]}""", "missing \"gold\"")]
    [InlineData("""{"choices": ["a", "b"], "gold": 0}""", "missing \"context\"")]
    [InlineData("""{"context": "x", "choices": ["a", 3], "gold": 0}""", "choice 1 is Number")]
    [InlineData("""{"context": "x", "choices": ["a", "b"], "gold": "c"}""", "not one of the 2 choices")]
    [InlineData("""{"context": "x", "choices": ["a", "b"], "gold": 0""", "not valid JSON")]
    [InlineData("""["context"]""", "expected a JSON object")]
    public void ABadRecordIsReportedWithFileAndLine(string bad, string why)
    {
        string path = Write("bad.jsonl", """{"context": "ok", "choices": ["a", "b"], "gold": 0}""", bad);
        var e = Assert.Throws<WrenException>(() => TaskFile.ReadMultipleChoice(path));
        Assert.StartsWith($"{path}:2: ", e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void AGenerationRecordWithoutAnAnswerNamesItsLine()
    {
        string path = Write("gen.jsonl", """{"prompt": "a", "answer": "b"}""", """{"prompt": "c"}""");
        var e = Assert.Throws<WrenException>(() => TaskFile.ReadGeneration(path));
        Assert.Equal($"{path}:2: missing \"answer\"", e.Message);
    }

    [Fact]
    public void HeldOutTextComesFromPlainTextAsOneDocumentOrFromJsonlTextFields()
    {
        string txt = Path.Combine(_dir, "held.txt");
        File.WriteAllText(txt, "line one\nline two\n");
        Assert.Equal(["line one\nline two\n"], TaskFile.ReadTexts(txt));
        Assert.Equal(TaskKind.Perplexity, TaskFile.Detect(txt));
        string jsonl = Write("held.jsonl", """{"text": "a"}""", """{"text": "b", "id": 2}""");
        Assert.Equal(["a", "b"], TaskFile.ReadTexts(jsonl));
        Assert.Equal(TaskKind.Perplexity, TaskFile.Detect(jsonl));
    }

    [Fact]
    public void ARecordOfNoKnownShapeIsRejectedWhenDetecting()
    {
        string path = Write("odd.jsonl", """{"question": "?"}""");
        var e = Assert.Throws<WrenException>(() => TaskFile.Detect(path));
        Assert.StartsWith($"{path}:1: ", e.Message);
    }
}
