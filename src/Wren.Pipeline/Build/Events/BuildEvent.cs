namespace Wren.Pipeline.Build.Events;

/// <summary>Something a stage found or made that the person running the build reads: one record per kind.</summary>
public abstract record BuildEvent;
