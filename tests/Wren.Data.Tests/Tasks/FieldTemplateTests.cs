using Wren.Data.Tasks;
using Wren.Runtime;

namespace Wren.Data.Tests.Tasks;

public sealed class FieldTemplateTests
{
    [Fact]
    public void ShellEscapesAndDoubledBracesReadAsTheyLook()
    {
        var template = new FieldTemplate(@"{subject}\n\n{{ticket}} {body}\t!", "--input");
        var fields = new Dictionary<string, string> { ["subject"] = "Printer", ["body"] = "It jams." };
        Assert.Equal("Printer\n\n{ticket} It jams.\t!", template.Render(n => fields.GetValueOrDefault(n), "tickets.csv#row:1", () => fields.Keys));
        Assert.Equal(["subject", "body"], template.Fields);
    }

    [Fact]
    public void FieldsMatchWhateverTheirCase()
    {
        var template = new FieldTemplate("{Queue}", "--output");
        Assert.Equal("billing", template.Render(n => n.Equals("queue", StringComparison.OrdinalIgnoreCase) ? "billing" : null, "r", () => []));
    }

    [Fact]
    public void AMissingFieldIsAnErrorNamingItTheRecordAndTheFieldsThereAre()
    {
        var template = new FieldTemplate("{queue}", "--output");
        var e = Assert.Throws<WrenException>(() => template.Render(_ => null, "tickets.csv#row:7", () => ["subject", "body"]));
        Assert.Contains("tickets.csv#row:7", e.Message);
        Assert.Contains("'queue'", e.Message);
        Assert.Contains("--output", e.Message);
        Assert.Contains("subject, body", e.Message);
    }

    [Theory]
    [InlineData("no fields at all", "names no field")]
    [InlineData("{subject", "no closing")]
    [InlineData("subject}", "closes nothing")]
    [InlineData("{ }", "empty {}")]
    public void AMalformedTemplateIsRefusedWithTheReason(string text, string reason)
    {
        var e = Assert.Throws<WrenException>(() => new FieldTemplate(text, "--input"));
        Assert.Contains(reason, e.Message);
    }
}
