using Wren.Data.Teacher;
using Wren.Runtime;

namespace Wren.Data.Tests.Teacher;

public sealed class TeacherOptionsTests
{
    [Theory]
    [InlineData("http://localhost:11434/v1")]
    [InlineData("https://api.openai.com/v1")]
    public void AnHttpOrHttpsBaseIsTheEndpoint(string url) => Assert.Equal(new Uri(url), TeacherOptions.ParseEndpoint(url));

    [Theory]
    [InlineData("localhost:11434/v1")]
    [InlineData("ftp://example.com/v1")]
    [InlineData("/v1")]
    public void AnythingElseIsAnErrorNamingTheOptionAndTheValue(string url)
    {
        var e = Assert.Throws<WrenException>(() => TeacherOptions.ParseEndpoint(url));
        Assert.Equal($"--teacher-url '{url}': not an http(s) URL such as http://localhost:11434/v1", e.Message);
    }

    [Theory]
    [InlineData("qa", TeacherTaskKind.Qa)]
    [InlineData("Instruct", TeacherTaskKind.Instruct)]
    [InlineData("LABEL", TeacherTaskKind.Label)]
    public void AKindIsReadInAnyCase(string name, TeacherTaskKind kind) => Assert.Equal(kind, TeacherOptions.ParseKind(name));

    [Theory]
    [InlineData("summary")]
    [InlineData("7")]
    public void AnUnknownKindIsAnErrorListingTheKinds(string name) =>
        Assert.Equal($"--kind '{name}': expected qa, instruct, rephrase or label", Assert.Throws<WrenException>(() => TeacherOptions.ParseKind(name)).Message);
}
