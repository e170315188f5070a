namespace Wren.Data.Teacher;

/// <summary>The teacher's answer to one request, with its token counts and whether it came from the cache.</summary>
public sealed record TeacherReply(string Text, long InputTokens, long OutputTokens, bool FromCache);
