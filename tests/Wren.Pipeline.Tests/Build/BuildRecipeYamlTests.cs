using Wren.Pipeline.Build;
using Wren.Pipeline.Build.Recipe;
using Wren.Pipeline.Build.Stages;
using Wren.Runtime;

namespace Wren.Pipeline.Tests.Build;

public sealed class BuildRecipeYamlTests
{
    [Fact]
    public void TheCommentedDefaultRecipeReadsBackAsTheDefaults()
    {
        var parsed = BuildRecipeYaml.Parse(BuildRecipeYaml.DefaultWithComments());
        var defaults = new BuildRecipe();
        Assert.Equal(BuildRecipeYaml.Canonical(defaults), BuildRecipeYaml.Canonical(parsed));
        Assert.Equal("tiny", parsed.Model.Preset);
        Assert.Equal(6, parsed.Training.Minutes);
        Assert.Equal(defaults.Curation.GopherQuality.MinDocWords, parsed.Curation.GopherQuality.MinDocWords);
    }

    [Fact]
    public void ASectionIsReadAndTheOthersKeepTheirDefaults()
    {
        var recipe = BuildRecipeYaml.Parse("training:\n  steps: 50\n  minutes: 0\ncuration:\n  dedup:\n    threshold: 0.9\nexport:\n  types: [f16, q4_0]\n");
        Assert.Equal(50, recipe.Training.Steps);
        Assert.Equal(0.9, recipe.Curation.Dedup.Threshold);
        Assert.Equal(["f16", "q4_0"], recipe.Export.Types);
        Assert.Equal(new TokenizerSection(), recipe.Tokenizer);
        Assert.Equal((50L, (TimeSpan?)null), TrainBuildStage.Budget(recipe.Training));
    }

    [Theory]
    [InlineData("training:\n  steps: 5\n  stepz: 3\n", "wren.yaml:3:", "'stepz'", "section 'training'")]
    [InlineData("tokenizer:\n  vocab_size: 512\nmodle:\n  preset: tiny\n", "wren.yaml:3:", "'modle'", "top level")]
    [InlineData("curation:\n  pii:\n    enabled: true\n    emails: false\n", "wren.yaml:4:", "'emails'", "curation.pii")]
    public void AnUnknownKeyIsAnErrorNamingTheKeyItsSectionAndItsLine(string yaml, string line, string key, string section)
    {
        var e = Assert.Throws<WrenException>(() => BuildRecipeYaml.Parse(yaml, "wren.yaml"));
        Assert.StartsWith(line, e.Message);
        Assert.Contains(key, e.Message);
        Assert.Contains(section, e.Message);
    }

    [Theory]
    [InlineData("training:\n  minutes: ten\n", "wren.yaml:2:12:", "'minutes' in section 'training'", "expected a number, found 'ten'")]
    [InlineData("curation:\n  language:\n    min_confidence: [0.5]\n", "wren.yaml:3:21:", "'min_confidence' in section 'curation.language'", "expected a number, found a list")]
    [InlineData("export:\n  types: q8_0\n", "wren.yaml:2:10:", "'types' in section 'export'", "expected a list of texts, found 'q8_0'")]
    public void AValueOfTheWrongTypeIsAnErrorNamingWhereTheKeyTheTypeAndTheValue(string yaml, string where, string key, string types)
    {
        var e = Assert.Throws<WrenException>(() => BuildRecipeYaml.Parse(yaml, "wren.yaml"));
        Assert.StartsWith(where, e.Message);
        Assert.Contains(key, e.Message);
        Assert.Contains(types, e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }

    [Theory]
    [InlineData("no-such-model", "no such folder")]
    [InlineData("empty", "no config.json")]
    [InlineData("gpt2", "architecture 'GPT2LMHeadModel' is not supported")]
    [InlineData("tiny-llama", "finetune.data names no chat JSONL")]
    public void ABaseModelThatCannotBeFineTunedIsRefusedBeforeAnyStageRuns(string model, string reason)
    {
        string root = Path.Combine(Path.GetTempPath(), "wren-base-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "empty"));
            Directory.CreateDirectory(Path.Combine(root, "gpt2"));
            File.WriteAllText(Path.Combine(root, "gpt2", "config.json"), """{"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2"}""");
            string folder = model == "tiny-llama" ? Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama") : model;
            var recipe = BuildRecipeYaml.Parse($"model:\n  base_model: {folder}\n");
            var e = Assert.Throws<WrenException>(() => BuildRecipeCheck.Validate(recipe, "wren.yaml", root));
            Assert.Contains(reason, e.Message);
            Assert.Contains("model.base_model", e.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("training:\n  minutes: 0\n  tokens: 0\n", "set a budget")]
    [InlineData("export:\n  types: [q3_k]\n", "q3_k")]
    [InlineData("eval:\n  tasks: [hellaswag]\n", "hellaswag")]
    [InlineData("model:\n  preset: huge\n", "huge")]
    [InlineData("tasks:\n  - name: spam\n    from: inbox\n", "from 'inbox'")]
    [InlineData("tasks:\n  - name: spam\n    from: records\n    input: '{text}'\n", "output templates")]
    [InlineData("tasks:\n  - name: spam\n    from: mail-headers\n", "label_header")]
    [InlineData("tasks:\n  - name: a/b\n    from: folders\n", "folder name")]
    [InlineData("tasks:\n  - name: spam\n    from: folders\n  - name: spam\n    from: folders\n", "two tasks")]
    [InlineData("tasks:\n  - name: spam\n    from: folders\n    rare: ignore\n", "rare 'ignore'")]
    [InlineData("tasks:\n  - name: spam\n    from: folders\n    test: 0\n", "test 0")]
    [InlineData("tasks:\n  - name: replies\n    kind: generate\n    from: mail-replies\n", "base_model")]
    [InlineData("tasks:\n  - name: fields\n    kind: extract\n    from: records\n    input: '{text}'\n    base_model: m\n", "fields")]
    [InlineData("tasks:\n  - name: fields\n    kind: extract\n    from: mail-headers\n    base_model: m\n", "made from records")]
    [InlineData("tasks:\n  - name: spam\n    kind: summarize\n    from: folders\n", "kind 'summarize'")]
    [InlineData("tasks:\n  - name: r\n    kind: generate\n    from: mail-replies\n    base_model: m\n    teacher_url: ftp://x\n", "teacher_url")]
    public void ARecipeThatCannotBuildIsRefusedBeforeAnyStageRuns(string yaml, string named)
    {
        var e = Assert.Throws<WrenException>(() => BuildRecipeCheck.Validate(BuildRecipeYaml.Parse(yaml), "wren.yaml", Directory.GetCurrentDirectory()));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void GenerateAndExtractTasksWithABaseModelPassTheCheck()
    {
        string model = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");
        var recipe = BuildRecipeYaml.Parse($"tasks:\n  - name: replies\n    kind: generate\n    from: mail-replies\n    base_model: {model}\n" +
            $"  - name: fields\n    kind: extract\n    from: records\n    input: '{{subject}}'\n    fields: [customer]\n    base_model: {model}\n    teacher_url: http://localhost:11434/v1\n    teacher_model: q\n");
        BuildRecipeCheck.Validate(recipe, "wren.yaml", Directory.GetCurrentDirectory());
        Assert.Equal(["customer"], recipe.Tasks[1].Fields);
        Assert.Equal("q", recipe.Tasks[1].TeacherModel);
    }

    [Fact]
    public void TasksAreReadWithSnakeCaseKeysAndTheirDefaults()
    {
        var recipe = BuildRecipeYaml.Parse("tasks:\n  - name: route\n    from: mail-headers\n    label_header: List-Id\n    rare: drop\n    minutes: 0.5\n    learning_curve: false\n");
        var task = Assert.Single(recipe.Tasks);
        Assert.Equal("route", task.Name);
        Assert.Equal("List-Id", task.LabelHeader);
        Assert.Equal("drop", task.Rare);
        Assert.Equal(0.5, task.Minutes);
        Assert.False(task.LearningCurve);
        Assert.Equal(10, task.MinPerLabel);
        Assert.True(task.PretrainOnCurated);
        BuildRecipeCheck.Validate(recipe, "wren.yaml", Directory.GetCurrentDirectory());
    }

    [Fact]
    public void AnUnknownTaskKeyIsAnErrorNamingIt()
    {
        var e = Assert.Throws<WrenException>(() => BuildRecipeYaml.Parse("tasks:\n  - name: route\n    label_headr: List-Id\n", "wren.yaml"));
        Assert.Contains("label_headr", e.Message);
    }
}
