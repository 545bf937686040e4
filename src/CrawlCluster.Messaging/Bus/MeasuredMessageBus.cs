using System.Diagnostics;
using System.Runtime.CompilerServices;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Metrics;

namespace CrawlCluster.Messaging.Bus;

/// <summary>A bus whose publishes (time, result) and reads are counted in <see cref="ClusterMetrics"/>; every platform is wrapped in one.</summary>
internal sealed class MeasuredMessageBus(IMessageBus inner) : IMessageBus
{
    private static readonly KeyValuePair<string, object?> Ok = ClusterMetrics.Tag("result", "ok");
    private static readonly KeyValuePair<string, object?> Error = ClusterMetrics.Tag("result", "error");

    public string Platform => inner.Platform;

    public async ValueTask ProduceAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await inner.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
            ClusterMetrics.BusProduceDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            ClusterMetrics.BusProduced.Add(1, Ok);
        }
        catch (BusException)
        {
            ClusterMetrics.BusProduced.Add(1, Error);
            throw;
        }
    }

    public async ValueTask<IBusConsumer> SubscribeAsync(ConsumerSettings settings, CancellationToken cancellationToken) =>
        new MeasuredConsumer(await inner.SubscribeAsync(settings, cancellationToken).ConfigureAwait(false));

    public ValueTask<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken) => inner.ListTopicsAsync(cancellationToken);

    public ValueTask EnsureTopicAsync(string topic, CancellationToken cancellationToken) => inner.EnsureTopicAsync(topic, cancellationToken);

    public ValueTask<BusHealth> CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private sealed class MeasuredConsumer(IBusConsumer inner) : IBusConsumer
    {
        public ValueTask WaitUntilReadyAsync(CancellationToken cancellationToken) => inner.WaitUntilReadyAsync(cancellationToken);

        public async IAsyncEnumerable<ConsumedMessage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var message in inner.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ClusterMetrics.BusConsumed.Add(1);
                yield return message;
            }
        }

        public ValueTask CommitAsync(ConsumedMessage message, CancellationToken cancellationToken) => inner.CommitAsync(message, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
