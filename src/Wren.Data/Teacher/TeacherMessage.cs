namespace Wren.Data.Teacher;

/// <summary>One chat message sent to the teacher: role (system, user or assistant) and text.</summary>
public sealed record TeacherMessage(string Role, string Content);
