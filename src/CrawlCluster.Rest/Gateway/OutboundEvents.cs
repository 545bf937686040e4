using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace CrawlCluster.Rest.Gateway;

/// <summary>
/// Fans the outbound messages this instance reads out to its event-stream subscribers (SSE), each with a bounded
/// buffer: a slow subscriber loses its oldest events, never holds the router up.
/// </summary>
internal sealed class OutboundEvents
{
    private readonly Lock _lock = new();
    private readonly List<Channel<JsonObject>> _subscribers = [];

    public int Subscribers
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>A subscription; dispose it to end it.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<JsonObject>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            _subscribers.Add(channel);
        }

        return new Subscription(this, channel);
    }

    public void Publish(JsonObject message)
    {
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(message);
            }
        }
    }

    private void Remove(Channel<JsonObject> channel)
    {
        lock (_lock)
        {
            _subscribers.Remove(channel);
        }
    }

    /// <summary>One subscriber's messages.</summary>
    public sealed class Subscription(OutboundEvents owner, Channel<JsonObject> channel) : IDisposable
    {
        public ChannelReader<JsonObject> Reader => channel.Reader;

        public void Dispose() => owner.Remove(channel);
    }
}
