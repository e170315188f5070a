using YamlDotNet.Serialization;

namespace Wren.Data.Curation.Pii;

/// <summary>Recipe section <c>pii</c>.</summary>
public sealed record PiiOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Types to redact: email, phone, ip_address, credit_card, iban, us_ssn, secret.</summary>
    [YamlMember(Description = @"email, phone, ip_address, credit_card, iban, us_ssn, secret")]
    public List<string> Types { get; init; } = ["email", "phone", "ip_address", "credit_card", "iban", "us_ssn", "secret"];

    /// <summary>
    /// Values never redacted: the organization's own public addresses and numbers. An entry starting
    /// with '@' allows a whole e-mail domain ("@example.org").
    /// </summary>
    [YamlMember(Description = @"never redact these (""@example.org"" allows a domain)")]
    public List<string> Allow { get; init; } = [];

    /// <summary>Min Shannon entropy (bits/char) of a value after password=/token=/secret= to count as a secret.</summary>
    [YamlMember(Description = @"bits/char for a value after password=/token= to be a secret")]
    public double SecretMinEntropy { get; init; } = 3.0;
}
