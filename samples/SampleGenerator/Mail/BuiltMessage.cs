namespace Wren.Samples.Generator.Mail;

/// <summary>A message composed with MimeKit (the corpus has no .docx/.pdf attachments), serialized with fixed ids, dates and boundaries.</summary>
public sealed record BuiltMessage(string FileName, string Envelope, byte[] Bytes);
