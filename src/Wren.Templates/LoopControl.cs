namespace Wren.Templates;

/// <summary>What a rendered statement asks of the enclosing loop: nothing, <c>{% break %}</c> or <c>{% continue %}</c>.</summary>
internal enum LoopControl
{
    None,
    Break,
    Continue,
}
