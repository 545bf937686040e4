using System.Text.Json.Nodes;
using CrawlCluster.Sink.Batching;
using CrawlCluster.Sink.Records;
using CrawlCluster.Sink.Writing;
using Microsoft.Extensions.Time.Testing;

namespace CrawlCluster.Sink.Tests.Batching;

[Trait("Kind", "Unit")]
public sealed class SinkBatchTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Batch_IsFull_AtItsRowCount()
    {
        var batch = new SinkBatch(3, long.MaxValue, TimeSpan.FromSeconds(1));
        Add(batch, 2);
        Assert.False(batch.IsFull);

        Add(batch, 1);

        Assert.True(batch.IsFull);
        Assert.Equal(3, batch.Records.Count);
    }

    [Fact]
    public void Batch_IsFull_AtItsByteCount()
    {
        var batch = new SinkBatch(1000, 600, TimeSpan.FromSeconds(1));
        Add(batch, 1);
        Assert.False(batch.IsFull);

        Add(batch, 1);

        Assert.True(batch.IsFull);
    }

    [Fact]
    public void Batch_IsDue_WhenItsOldestRowIsMaxAgeOld()
    {
        var batch = new SinkBatch(1000, long.MaxValue, TimeSpan.FromSeconds(1));
        Add(batch, 1);
        _time.Advance(TimeSpan.FromMilliseconds(600));
        Add(batch, 1);
        Assert.True(batch.DueIn(_time) > TimeSpan.Zero);

        _time.Advance(TimeSpan.FromMilliseconds(400));

        Assert.True(batch.DueIn(_time) <= TimeSpan.Zero);
    }

    [Fact]
    public void DeadLetters_AreKept_AndCommittedWithTheBatch()
    {
        var batch = new SinkBatch(10, long.MaxValue, TimeSpan.FromSeconds(1));
        var bad = SinkMessages.Consumed(SinkMessages.Pages, "{"u8.ToArray(), "9");
        var record = SinkRecordReader.Read(bad, DateTimeOffset.UnixEpoch, out var dead);

        batch.Add(bad, record, dead, _time.GetTimestamp());

        Assert.Empty(batch.Records);
        Assert.Single(batch.DeadLetters);
        Assert.Single(batch.Messages);
    }

    [Fact]
    public void RetryDelay_Doubles_UpToTheCap_WithJitter()
    {
        var random = new Random(1);
        var cap = TimeSpan.FromSeconds(5);

        var delays = Enumerable.Range(1, 12).Select(attempt => RetryDelay.For(attempt, cap, random)).ToList();

        Assert.InRange(delays[0].TotalMilliseconds, 100, 200);
        Assert.InRange(delays[3].TotalMilliseconds, 800, 1600);
        Assert.All(delays, d => Assert.True(d <= cap));
        Assert.All(delays.Skip(6), d => Assert.InRange(d.TotalSeconds, 2.5, 5));
    }

    private void Add(SinkBatch batch, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var message = SinkMessages.Consumed(SinkMessages.Events, new JsonObject { ["pad"] = new string('x', 300) }, batch.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var record = SinkRecordReader.Read(message, DateTimeOffset.UnixEpoch, out var dead);
            batch.Add(message, record, dead, _time.GetTimestamp());
        }
    }
}
