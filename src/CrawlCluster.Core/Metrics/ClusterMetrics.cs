using System.Diagnostics.Metrics;

namespace CrawlCluster.Core.Metrics;

/// <summary>
/// The cluster's instruments (meter <c>CrawlCluster</c>; the sink has its own, <c>CrawlCluster.Sink</c>). Names follow
/// OpenTelemetry's conventions and come out of the Prometheus exporter as <c>crawlcluster_pages_total{status="200"}</c>,
/// <c>crawlcluster_fetch_duration_seconds</c> and so on (docs/operations.md lists them).
/// </summary>
internal static class ClusterMetrics
{
    public const string MeterName = "CrawlCluster";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Requests the Kafka Monitor read, by <c>result</c>: <c>handled</c> or <c>rejected</c>.</summary>
    public static readonly Counter<long> IngestRequests = Meter.CreateCounter<long>("crawlcluster.ingest.requests", "{request}", "Requests read from the incoming topic");

    /// <summary>Requests a plugin's schema accepted, by <c>plugin</c>.</summary>
    public static readonly Counter<long> IngestByPlugin = Meter.CreateCounter<long>("crawlcluster.ingest.plugin.requests", "{request}", "Requests accepted, by plugin");

    /// <summary>Pages downloaded, by <c>status</c> (timeouts and broken connections as 504, as the original counted them).</summary>
    public static readonly Counter<long> Pages = Meter.CreateCounter<long>("crawlcluster.pages", "{page}", "Pages downloaded, by HTTP status");

    /// <summary>Body bytes downloaded.</summary>
    public static readonly Counter<long> PageBytes = Meter.CreateCounter<long>("crawlcluster.page.size", "By", "Body bytes downloaded");

    /// <summary>Time from a request leaving the downloader chain's status counter to its answer.</summary>
    public static readonly Histogram<double> FetchDuration = Meter.CreateHistogram<double>("crawlcluster.fetch.duration", "s", "Time to fetch a page",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    /// <summary>Requests sent back to the frontier for another try, by <c>reason</c> (<c>error</c> or <c>status</c>).</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("crawlcluster.retries", "{request}", "Requests retried");

    /// <summary>Requests leased from the frontier.</summary>
    public static readonly Counter<long> FrontierLeases = Meter.CreateCounter<long>("crawlcluster.frontier.leases", "{lease}", "Requests leased from the frontier");

    /// <summary>Ready domains a lease attempt passed over because their throttle did not allow a request yet.</summary>
    public static readonly Counter<long> ThrottleRefusals = Meter.CreateCounter<long>("crawlcluster.throttle.refusals", "{refusal}", "Lease attempts a domain's throttle refused");

    /// <summary>Pages published to the crawled topic.</summary>
    public static readonly Counter<long> PagesPublished = Meter.CreateCounter<long>("crawlcluster.pages.published", "{page}", "Pages published on the crawled topic");

    /// <summary>Jobs the Redis Monitor answered, by <c>kind</c> (info, stop, expire, stats, config, status) and <c>result</c> (ok, error).</summary>
    public static readonly Counter<long> Jobs = Meter.CreateCounter<long>("crawlcluster.jobs", "{job}", "Jobs answered by the Redis Monitor");

    /// <summary>Bus publishes, by <c>result</c>.</summary>
    public static readonly Counter<long> BusProduced = Meter.CreateCounter<long>("crawlcluster.bus.produced", "{message}", "Messages published, by result");

    /// <summary>Time the bus took to confirm a publish.</summary>
    public static readonly Histogram<double> BusProduceDuration = Meter.CreateHistogram<double>("crawlcluster.bus.produce.duration", "s", "Time to publish a message",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] });

    /// <summary>Messages read from the bus.</summary>
    public static readonly Counter<long> BusConsumed = Meter.CreateCounter<long>("crawlcluster.bus.consumed", "{message}", "Messages read from the bus");

    /// <summary>Store round trips, by <c>result</c> (ok, error).</summary>
    public static readonly Histogram<double> StoreDuration = Meter.CreateHistogram<double>("crawlcluster.store.duration", "s", "Store round-trip time",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1] });

    /// <summary>Store calls that failed, by <c>kind</c> (outage, refused).</summary>
    public static readonly Counter<long> StoreErrors = Meter.CreateCounter<long>("crawlcluster.store.errors", "{error}", "Store calls that failed");

    // A reference, swapped whole, so the exporter never reads half of an update.
    private static volatile FrontierDepth? _frontier;

    /// <summary>
    /// The cluster's frontier depth, by <c>state</c> (pending, in_flight), summed over the running crawls; reported by
    /// the processes that look at every crawl (the Redis Monitor, the gateway), absent from the others.
    /// </summary>
    public static readonly ObservableGauge<long> FrontierRequests = Meter.CreateObservableGauge("crawlcluster.frontier.requests", ObserveFrontier,
        "{request}", "Requests of the running crawls, queued or leased, cluster-wide");

    /// <summary>Sets the frontier depth the gauge reports.</summary>
    public static void RecordFrontier(long pending, long inFlight) => _frontier = new FrontierDepth(pending, inFlight);

    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);

    private static IEnumerable<Measurement<long>> ObserveFrontier() => _frontier is not { } frontier ? [] :
    [
        new Measurement<long>(frontier.Pending, Tag("state", "pending")),
        new Measurement<long>(frontier.InFlight, Tag("state", "in_flight")),
    ];

    private sealed record FrontierDepth(long Pending, long InFlight);
}
