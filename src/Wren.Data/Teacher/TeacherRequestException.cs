using Wren.Runtime;

namespace Wren.Data.Teacher;

/// <summary>The teacher answered a request with an HTTP error (after the retries its status allows).</summary>
public sealed class TeacherRequestException(int status, string message) : WrenException(message)
{
    public int Status { get; } = status;

    /// <summary>
    /// Whether the fault is this request's (too long for the teacher's context, malformed): the run goes on without
    /// it. Others (a wrong key or model, a server down past the retries) would fail every request, so the run stops.
    /// </summary>
    public bool IsThisRequests => Status is 400 or 413 or 422;
}
