using System.Net;

namespace Wren.Runtime.Hub;

/// <summary>
/// Turns the hub's error answers into messages a user can act on, telling them apart the way huggingface_hub's
/// <c>hf_raise_for_status</c> does (huggingface/huggingface_hub@ee0a4510, <c>utils/_http.py</c>): by the
/// <c>X-Error-Code</c> header (<c>RepoNotFound</c>, <c>RevisionNotFound</c>, <c>EntryNotFound</c>, <c>GatedRepo</c>),
/// which HEAD answers carry too, and by status (a 401 that is not about bad credentials means "not found or
/// not yours", since the hub will not tell a private repository from a missing one).
/// </summary>
internal static class HubErrors
{
    public static void ThrowIfFailed(HttpResponseMessage response, HubRequest request, HubSettings settings)
    {
        int status = (int)response.StatusCode;
        if (status < 400) return;
        throw FromResponse(response, request, settings);
    }

    public static HubException FromResponse(HttpResponseMessage response, HubRequest request, HubSettings settings)
    {
        int status = (int)response.StatusCode;
        string? code = HubHttp.Header(response, "X-Error-Code");
        string? serverMessage = HubHttp.Header(response, "X-Error-Message");
        string said = serverMessage is null ? $"{status} {response.ReasonPhrase}" : $"{status}: {serverMessage}";
        string repo = request.RepoId;
        string page = $"{settings.Endpoint}/{repo}";
        string tokens = $"{settings.Endpoint}/settings/tokens";
        bool hasToken = settings.Token is not null;

        HubException Make(HubFailure failure, string message) => new(failure, message) { StatusCode = status };

        if (code == "RevisionNotFound")
        {
            return Make(HubFailure.RevisionNotFound, $"{repo} has no revision '{request.Revision}' on {settings.Endpoint} ({said}); name a branch, tag or commit of {page}");
        }
        if (code == "EntryNotFound" || (status == 404 && request.Path is not null && code is null))
        {
            return Make(HubFailure.EntryNotFound, $"{repo}@{request.Revision} has no file '{request.Path}' ({said}); see the files at {page}/tree/{request.Revision}");
        }
        if (code == "GatedRepo")
        {
            return Make(HubFailure.Gated, hasToken
                ? $"{repo} is a gated model and the token from {settings.TokenSource} has no access to it ({said}). Request access at {page} with the account the token belongs to; once the authors grant it, pull again"
                : $"{repo} is a gated model: it needs an account that accepted its conditions ({said}). Request access at {page}, make a read token at {tokens}, then set HF_TOKEN to it (or run `hf auth login`, which saves it where Wren reads it too)");
        }
        if (status == 401 && serverMessage == "Invalid credentials in Authorization header")
        {
            return Make(HubFailure.AccessDenied, $"{settings.Endpoint} refused the token from {settings.TokenSource} for {repo} (invalid credentials): make a new token at {tokens} and set HF_TOKEN to it");
        }
        if (code == "RepoNotFound" || status == 401 || (status == 404 && request.Path is null))
        {
            return Make(HubFailure.RepositoryNotFound, hasToken
                ? $"{repo} was not found on {settings.Endpoint} ({said}): check the name, or, if it is private, that the token from {settings.TokenSource} belongs to an account that can see it"
                : $"{repo} was not found on {settings.Endpoint} ({said}): check the name; if it is private or gated, set HF_TOKEN to a token with access (made at {tokens})");
        }
        if (status == (int)HttpStatusCode.Forbidden)
        {
            return Make(HubFailure.AccessDenied, hasToken
                ? $"{settings.Endpoint} refused access to {repo} ({said}): the token from {settings.TokenSource} lacks the permission (a fine-grained token needs read access to this repository; see {tokens})"
                : $"{settings.Endpoint} refused access to {repo} ({said}): set HF_TOKEN to a token with read access (made at {tokens})");
        }
        if (status >= 500 || status is 408 or 429)
        {
            return Make(HubFailure.Unreachable, $"{settings.Endpoint} could not serve {repo} right now ({said}); try again later");
        }
        return Make(HubFailure.BadResponse, $"{settings.Endpoint} answered {said} for {repo}{(request.Path is null ? "" : "/" + request.Path)} at {response.RequestMessage?.RequestUri}");
    }
}
