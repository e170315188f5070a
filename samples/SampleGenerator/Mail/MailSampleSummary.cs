namespace Wren.Samples.Generator.Mail;

public sealed record MailSampleSummary(int Ham, int Spam, int Duplicates, int CrLfFiles, int BuiltMessages, int MboxMessages, int MboxEscapedLines);
