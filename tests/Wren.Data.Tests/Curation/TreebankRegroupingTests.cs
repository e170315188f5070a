using Wren.Data.Curation.Text;

namespace Wren.Data.Tests.Curation;

public sealed class TreebankRegroupingTests
{
    private static string[] Tokens(string text)
    {
        var tokens = new List<WordToken>();
        WordTokenizer.Tokenize(text, tokens);
        TreebankRegrouping.Regroup(text, tokens);
        return tokens.Select(t => text.Substring(t.Start, t.Length)).ToArray();
    }

    /// <summary>What NLTK's <c>word_tokenize</c> gives for each text (the Treebank rules, read from nltk/tokenize/destructive.py).</summary>
    [Theory]
    [InlineData("See http://www.theregister.co.uk/content/6/26023.html today", new[] { "See", "http", ":", "//www.theregister.co.uk/content/6/26023.html", "today" })]
    [InlineData("Mail ann@example.com now.", new[] { "Mail", "ann", "@", "example.com", "now", "." })]
    [InlineData("At 14:09:03 in /home/valdis/Mail/ it broke", new[] { "At", "14:09:03", "in", "/home/valdis/Mail/", "it", "broke" })]
    [InlineData("Version 2.5-release (beta), not 1,000!", new[] { "Version", "2.5-release", "(", "beta", ")", ",", "not", "1,000", "!" })]
    [InlineData("[ILUG] Re: foo; bar?", new[] { "[", "ILUG", "]", "Re", ":", "foo", ";", "bar", "?" })]
    [InlineData("\"Quoted\" and #tag $5 100% R&D", new[] { "\"", "Quoted", "\"", "and", "#", "tag", "$", "5", "100", "%", "R", "&", "D" })]
    [InlineData("wait... what -- really", new[] { "wait", "...", "what", "--", "really" })]
    [InlineData("a.b_c=d/e*f", new[] { "a.b_c=d/e*f" })]
    public void TokensAreGroupedAsNltkSplitsThem(string text, string[] expected) =>
        Assert.Equal(expected, Tokens(text));

    [Fact]
    public void WhatIsLeftDifferentFromNltkContractionsWholeAndEveryChunkFinalPeriodSplit()
    {
        // NLTK: "do", "n't" and "Mr.", "Smith".
        Assert.Equal(["I", "don't", "know", "Mr", ".", "Smith"], Tokens("I don't know Mr. Smith"));
    }

    [Fact]
    public void HanAndKanaCharactersStayWordsOfTheirOwn()
    {
        Assert.Equal(["会", "議", "は", "OK", "."], Tokens("会議はOK."));
    }

    [Fact]
    public void MergedTokensAreWordsWhenAPartIsOne()
    {
        string text = "-- http://x.org/a ...";
        var tokens = new List<WordToken>();
        WordTokenizer.Tokenize(text, tokens);
        TreebankRegrouping.Regroup(text, tokens);
        Assert.Equal([TokenKind.Punctuation, TokenKind.Word, TokenKind.Punctuation, TokenKind.Word, TokenKind.Punctuation], tokens.Select(t => t.Kind));
    }
}
