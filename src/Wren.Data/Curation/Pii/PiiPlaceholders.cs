namespace Wren.Data.Curation.Pii;

/// <summary>The typed placeholders that replace findings in the text.</summary>
public static class PiiPlaceholders
{
    public static string For(PiiType type) => type switch
    {
        PiiType.Email => "<EMAIL>",
        PiiType.Phone => "<PHONE>",
        PiiType.IpAddress => "<IP_ADDRESS>",
        PiiType.CreditCard => "<CREDIT_CARD>",
        PiiType.Iban => "<IBAN>",
        PiiType.UsSsn => "<US_SSN>",
        PiiType.Secret => "<SECRET>",
        _ => "<PII>",
    };
}
