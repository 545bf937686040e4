namespace CrawlCluster.Messaging.Memory;

/// <summary>A message as the in-process bus keeps it: the wire bytes the codec produced.</summary>
internal sealed record StoredMessage(string? Key, byte[] Wire, IReadOnlyDictionary<string, string>? Headers);
