using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Keys;

namespace CrawlCluster.Sink;

/// <summary>What one sink reads and how it batches, resolved from its settings.</summary>
internal sealed record SinkPlan
{
    public required IReadOnlyList<string> Topics { get; init; }

    public required string Group { get; init; }

    public int BatchSize { get; init; } = 1000;

    public long BatchMaxBytes { get; init; } = 16 * 1024 * 1024;

    public TimeSpan BatchMaxAge { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryCap { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Batches written at once (each on its own connection), committed in order.</summary>
    public int Writers { get; init; } = 2;

    public string? DeadLetterTopic { get; init; }

    /// <summary>
    /// The plan for <paramref name="sink"/>: its topics are SINK_TOPICS, else estela's QUEUE_PLATFORM_TOPIC, else the
    /// crawled firehose; QUEUE_PLATFORM_MAX_TIMEOUT bounds how long a batch may wait.
    /// </summary>
    public static SinkPlan From(SinkOptions sink, TopicOptions topics, BusOptions bus)
    {
        var names = Split(sink.Topics);
        if (names.Count == 0)
        {
            names = Split(bus.Topic);
        }

        if (names.Count == 0)
        {
            names = [$"{topics.Prefix}.crawled_firehose"];
        }

        return new SinkPlan
        {
            Topics = names,
            Group = sink.Group,
            BatchSize = sink.BatchSize,
            BatchMaxBytes = sink.BatchMaxBytes,
            BatchMaxAge = TimeSpan.FromSeconds(Math.Min(sink.BatchMaxAgeSeconds, bus.MaxTimeoutSeconds)),
            RetryCap = TimeSpan.FromSeconds(sink.RetryMaxDelaySeconds),
            Writers = sink.Writers,
            DeadLetterTopic = string.IsNullOrWhiteSpace(sink.DeadLetterTopic) ? null : sink.DeadLetterTopic.Trim(),
        };
    }

    private static List<string> Split(string? list) =>
        list is null ? [] : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}
