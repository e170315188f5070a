namespace Wren.Data.Tasks;

/// <summary>What <see cref="TaskChatJsonl.WriteFolder"/> wrote: the two files and their conversations (replayed general text among the training ones).</summary>
public sealed record TaskChatFiles(string Train, string Validation, int TrainConversations, int Replayed, int ValidationConversations);
