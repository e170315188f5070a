namespace Wren.Runtime.Generation;

/// <summary>One generated token and the text it released (empty while a character or a possible stop string is incomplete).</summary>
public readonly record struct TextChunk(int TokenId, string Text);
