using Wren.Pipeline.Build;
using Wren.Pipeline.Build.Recipe;

namespace Wren.Cli.Tests;

public sealed class InitCommandTests
{
    [Fact]
    public async Task InitWritesTheCommentedRecipeAndWillNotOverwriteIt()
    {
        string path = Path.Combine(Path.GetTempPath(), "wren-init-" + Guid.NewGuid().ToString("N")[..8] + ".yaml");
        try
        {
            Assert.Equal(0, await WrenCli.Run(["init", "--out", path]));
            string text = File.ReadAllText(path);
            Assert.Contains("# ", text);
            Assert.Contains("curation:", text);
            BuildRecipeCheck.Validate(BuildRecipeYaml.Load(path), path, Path.GetDirectoryName(path)!);
            Assert.Equal(1, await WrenCli.Run(["init", "--out", path]));
            Assert.Equal(0, await WrenCli.Run(["init", "--out", path, "--force"]));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
