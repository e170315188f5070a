using System.Text.RegularExpressions;

namespace Wren.Pipeline.Explore;

/// <summary>
/// Recurring fields in a family of similar documents (one kind of source in one folder): how many of its documents
/// carry a date, an amount, a reference number, a street address. Fields most documents of a family carry are
/// what an extraction task would pull out.
/// </summary>
internal sealed partial class FieldFamily
{
    public static readonly IReadOnlyList<string> FieldNames = ["date", "amount", "reference", "address"];

    public long Documents { get; private set; }

    public long[] WithField { get; } = new long[FieldNames.Count];

    public void Observe(string text)
    {
        Documents++;
        string sample = text.Length > 20_000 ? text[..20_000] : text;
        if (DateField().IsMatch(sample)) WithField[0]++;
        if (Amount().IsMatch(sample)) WithField[1]++;
        if (Reference().IsMatch(sample)) WithField[2]++;
        if (StreetAddress().IsMatch(sample)) WithField[3]++;
    }

    public void Merge(FieldFamily other)
    {
        Documents += other.Documents;
        for (int i = 0; i < WithField.Length; i++) WithField[i] += other.WithField[i];
    }

    [GeneratedRegex(@"\b(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4})\b")]
    private static partial Regex DateField();

    [GeneratedRegex(@"([$€£]\s?\d[\d,]*(\.\d{2})?|\b\d[\d,]*(\.\d{2})?\s?(USD|EUR|GBP|dollars)\b)")]
    private static partial Regex Amount();

    [GeneratedRegex(@"\b((invoice|order|ticket|case|ref|reference|account|po)\s*(no\.?|number|#)?\s*[:#]?\s*[A-Z0-9][A-Z0-9\-]{3,}|[A-Z]{2,5}-\d{3,})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    [GeneratedRegex(@"\b\d{1,5} [A-Z][a-z]+( [A-Z][a-z]+)* (Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Lane|Drive|Dr\.)")]
    private static partial Regex StreetAddress();
}
