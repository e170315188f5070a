using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

/// <summary>Short option set-up for tests.</summary>
internal sealed class SourceOptionsBuilder
{
    private SourceOptions _options = new() { Threads = 2 };

    public SourceOptionsBuilder Include(params string[] globs)
    {
        _options = _options with { Include = globs };
        return this;
    }

    public SourceOptionsBuilder Threads(int threads)
    {
        _options = _options with { Threads = threads };
        return this;
    }

    public SourceOptions Build() => _options;
}
