using Wren.Runtime.Chat;
using Wren.Runtime.Generation;

namespace Wren.Runtime.Tests.Models;

/// <summary>Every hostile model file of <see cref="HostileModelFiles"/> is refused with a one-line error naming the file and the problem.</summary>
public sealed class HostileModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wren-hostile-models-").FullName;
    private readonly List<HostileModelFiles.Case> _cases;

    public HostileModelFileTests() => _cases = HostileModelFiles.Write(_dir, HfReference.Folder("tiny-llama"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_unchanged_random_model_loads_and_generates()
    {
        using var model = WrenModel.Load(Path.Combine(_dir, "good.gguf"));
        using var session = model.Model.CreateSession(new Wren.Runtime.Models.InferenceSessionOptions { Threads = 1 });
        var result = new Generator(session).Generate([1, 2, 3], new GenerationOptions { MaxTokens = 3, Sampling = SamplingOptions.Greedy });
        Assert.Equal(3, result.Tokens.Count);
    }

    [Fact]
    public void Each_corrupt_count_offset_shape_type_or_value_is_a_one_line_error_naming_the_file()
    {
        var failures = new List<string>();
        foreach (var c in _cases.Where(c => !c.FailsOnGenerate))
        {
            try
            {
                using var model = WrenModel.Load(c.Path);
                failures.Add($"{c.Name}: loaded");
            }
            catch (WrenException e)
            {
                if (!e.Message.Contains(c.Expected, StringComparison.Ordinal) || !e.Message.Contains(c.Path, StringComparison.Ordinal) || e.Message.Contains('\n'))
                {
                    failures.Add($"{c.Name}: {e.Message}");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{c.Name}: {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Non_finite_weights_stop_generation_at_the_first_step_naming_the_tensor()
    {
        foreach (var c in _cases.Where(c => c.FailsOnGenerate))
        {
            using var model = WrenModel.Load(c.Path);
            using var session = model.Model.CreateSession(new Wren.Runtime.Models.InferenceSessionOptions { Threads = 1 });
            var e = Assert.Throws<WrenException>(() => new Generator(session).Generate([1, 2, 3], new GenerationOptions { MaxTokens = 4 }));
            Assert.Contains(c.Expected, e.Message);
            Assert.Contains("not finite", e.Message);
        }
    }
}
