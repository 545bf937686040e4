using StackExchange.Redis;

namespace CrawlCluster.Messaging.Redis;

/// <summary>Where the Redis Streams bus keeps a topic: its own key space, apart from the original's keys.</summary>
internal static class RedisStreamKeys
{
    /// <summary>Every topic's stream key starts with this.</summary>
    public const string Prefix = "cc:bus:";

    /// <summary>The stream holding <paramref name="topic"/>.</summary>
    public static RedisKey Stream(string topic) => Prefix + topic;

    /// <summary>The pub/sub channel that wakes consumers of <paramref name="topic"/> when a message is added.</summary>
    public static RedisChannel Signal(string topic) => RedisChannel.Literal("cc:bus-signal:" + topic);

    /// <summary>The topic of a stream key.</summary>
    public static string Topic(RedisKey stream) => ((string)stream!)[Prefix.Length..];

    /// <summary>Field of the payload bytes.</summary>
    public const string ValueField = "v";

    /// <summary>Field of the partitioning key.</summary>
    public const string KeyField = "k";

    /// <summary>Prefix of header fields.</summary>
    public const string HeaderPrefix = "h.";
}
