namespace Wren.Data.Curation.Pii;

/// <summary>Kinds of personal data and secrets; each is replaced by the placeholder <c>&lt;NAME&gt;</c>.</summary>
public enum PiiType
{
    Email,
    Phone,
    IpAddress,
    CreditCard,
    Iban,
    UsSsn,
    Secret,
}
