namespace Wren.Data.Curation.Pii;

/// <summary>Recipe section <c>pii</c>.</summary>
public sealed record PiiOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Types to redact: email, phone, ip_address, credit_card, iban, us_ssn, secret.</summary>
    public List<string> Types { get; init; } = ["email", "phone", "ip_address", "credit_card", "iban", "us_ssn", "secret"];

    /// <summary>
    /// Values never redacted: the organization's own public addresses and numbers. An entry starting
    /// with '@' allows a whole e-mail domain ("@example.org").
    /// </summary>
    public List<string> Allow { get; init; } = [];

    /// <summary>Min Shannon entropy (bits/char) of a value after password=/token=/secret= to count as a secret.</summary>
    public double SecretMinEntropy { get; init; } = 3.0;
}
