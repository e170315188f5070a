namespace Wren.Templates;

/// <summary>One lexed token and the 1-based source line it starts on.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line);
