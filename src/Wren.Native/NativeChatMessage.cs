using System.Runtime.InteropServices;

namespace Wren.Native;

/// <summary>include/wren.h's <c>wren_chat_message</c>: a role and its content, both UTF-8 C strings.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeChatMessage
{
    public byte* Role;
    public byte* Content;
}
