namespace Wren.Samples.Generator.Records;

/// <summary>The parts of a real message that a support-ticket row needs.</summary>
public sealed record MailExcerpt(string Subject, string Sender, DateTimeOffset Date, string Body);
