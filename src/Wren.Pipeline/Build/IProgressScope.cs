using Wren.Runtime.Diagnostics;

namespace Wren.Pipeline.Build;

/// <summary>Progress bars for one piece of work, shown until the scope is disposed (then what follows prints below them).</summary>
public interface IProgressScope : IProgressSink, IDisposable
{
}
