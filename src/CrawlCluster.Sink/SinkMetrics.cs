using System.Diagnostics.Metrics;

namespace CrawlCluster.Sink;

/// <summary>
/// The sink's instruments (meter <c>CrawlCluster.Sink</c>); exported as <c>crawlcluster_sink_…</c> in Prometheus form.
/// </summary>
internal sealed class SinkMetrics : IDisposable
{
    public const string MeterName = "CrawlCluster.Sink";

    private readonly Meter _meter;

    public SinkMetrics(IMeterFactory? meters, SinkHealth health, Func<int> buffered)
    {
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        Rows = _meter.CreateCounter<long>("crawlcluster.sink.rows", "{row}", "Messages written as rows, by table kind (pages, events)");
        DeadLetters = _meter.CreateCounter<long>("crawlcluster.sink.dead_letters", "{row}", "Messages written to the dead-letter table");
        Errors = _meter.CreateCounter<long>("crawlcluster.sink.database_errors", "{error}", "Failed database writes, by failure (outage, rejected)");
        BatchDuration = _meter.CreateHistogram<double>("crawlcluster.sink.batch.duration", "s", "Time to write one batch, retries included");
        _meter.CreateObservableGauge("crawlcluster.sink.outage", () => health.Outage is null ? 0 : 1, description: "1 while the database cannot be written");
        _meter.CreateObservableGauge("crawlcluster.sink.buffered", buffered, "{message}", "Messages read and not yet written");
    }

    public Counter<long> Rows { get; }

    public Counter<long> DeadLetters { get; }

    public Counter<long> Errors { get; }

    public Histogram<double> BatchDuration { get; }

    public void Dispose() => _meter.Dispose();
}
