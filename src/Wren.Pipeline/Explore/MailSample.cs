namespace Wren.Pipeline.Explore;

/// <summary>One sampled message: where it is, its text parts (capped) and the labels its structure gives it.</summary>
internal sealed record MailSample(string Source, string Subject, string Body, string? ListId, string? XFolder, bool SpamLike, IReadOnlyList<(string Root, string Child)> Folders);
