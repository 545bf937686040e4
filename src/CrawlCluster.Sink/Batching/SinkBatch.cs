using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Sink;

namespace CrawlCluster.Sink.Batching;

/// <summary>
/// The messages buffered for the next write, in the order read, and the decision when to write them: when
/// <see cref="MaxRows"/> rows or <see cref="MaxBytes"/> bytes are buffered, or the oldest has waited <see cref="MaxAge"/>.
/// </summary>
internal sealed class SinkBatch(int maxRows, long maxBytes, TimeSpan maxAge)
{
    private readonly List<ConsumedMessage> _messages = [];
    private readonly List<SinkRecord> _records = [];
    private readonly List<DeadLetter> _deadLetters = [];

    public int MaxRows { get; } = maxRows;

    public long MaxBytes { get; } = maxBytes;

    public TimeSpan MaxAge { get; } = maxAge;

    /// <summary>Every message added, in order: the ones to commit once the batch is written.</summary>
    public IReadOnlyList<ConsumedMessage> Messages => _messages;

    /// <summary>The rows to write.</summary>
    public IReadOnlyList<SinkRecord> Records => _records;

    /// <summary>The messages that cannot be rows.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters => _deadLetters;

    public int Count => _messages.Count;

    public long Bytes { get; private set; }

    /// <summary>When the oldest message was added (a <see cref="TimeProvider"/> timestamp); meaningless when empty.</summary>
    public long OldestTimestamp { get; private set; }

    /// <summary>True when the batch must be written now for its size.</summary>
    public bool IsFull => _messages.Count >= MaxRows || Bytes >= MaxBytes;

    /// <summary>Adds a message with what it became.</summary>
    public void Add(ConsumedMessage message, SinkRecord? record, DeadLetter? deadLetter, long timestamp)
    {
        if (_messages.Count == 0)
        {
            OldestTimestamp = timestamp;
        }

        _messages.Add(message);
        Bytes += message.Value.Length;
        if (record is not null)
        {
            _records.Add(record);
        }
        else if (deadLetter is not null)
        {
            _deadLetters.Add(deadLetter);
        }
    }

    /// <summary>How long until the oldest message is <see cref="MaxAge"/> old (zero or less: now).</summary>
    public TimeSpan DueIn(TimeProvider time) => _messages.Count == 0 ? MaxAge : MaxAge - time.GetElapsedTime(OldestTimestamp);

    public void Clear()
    {
        _messages.Clear();
        _records.Clear();
        _deadLetters.Clear();
        Bytes = 0;
    }
}
