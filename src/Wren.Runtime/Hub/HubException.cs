namespace Wren.Runtime.Hub;

/// <summary>A pull that failed for a reason the user can act on; the message names the model and what to do.</summary>
public sealed class HubException : WrenException
{
    public HubException(HubFailure failure, string message) : base(message) => Failure = failure;

    public HubException(HubFailure failure, string message, Exception inner) : base(message, inner) => Failure = failure;

    public HubFailure Failure { get; }

    /// <summary>The HTTP status that told, when one did.</summary>
    public int? StatusCode { get; init; }
}
