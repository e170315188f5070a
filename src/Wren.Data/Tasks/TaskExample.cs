namespace Wren.Data.Tasks;

/// <summary>
/// One example of a task, one JSON line on disk: <c>{"input", "output", "source", "split"}</c>. <see cref="Source"/>
/// (where the example came from: a file, <c>file#row:N</c>, a message) and <see cref="Split"/> (train, val or test)
/// may be missing in a file given directly, as in an exported data set.
/// </summary>
public sealed record TaskExample(string Input, string Output, string? Source = null, string? Split = null);
