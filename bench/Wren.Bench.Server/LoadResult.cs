namespace Wren.Bench.Server;

/// <summary>Figures of one load run.</summary>
internal sealed record LoadResult(string Name, double TokensPerSecond, TimeSpan TtftP50, TimeSpan TtftP99, TimeSpan Wall);
