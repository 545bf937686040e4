using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Signals;
using CrawlCluster.Core.Store;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Pipelines;
using CrawlCluster.Crawler.Requests;
using CrawlCluster.Crawler.Scheduling;
using CrawlCluster.Crawler.Spiders;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Crawler.Engine;

/// <summary>
/// A crawler process's engine (DESIGN.md §8): workers lease requests of one spider type from the frontier, pass each
/// through the downloader middlewares to its download handler, the response through the spider middlewares to the
/// spider, queue the requests it made, pass the page through the item pipelines — the bus publish last — and only
/// then acknowledge the lease. Everything between lease and acknowledgement is a ranked component; the engine only
/// leases, runs the chains and ends leases. A component that throws fails that request (retried up to RETRY_TIMES),
/// never the worker. A request whose crawler dies goes back to its queue when its lease runs out; on a graceful stop
/// the requests in flight are released at once. Nothing is lost.
/// </summary>
internal sealed class CrawlEngine
{
    private readonly SpiderFrontier _frontier;
    private readonly CrawlerChains _chains;
    private readonly RequestQueuer _queuer;
    private readonly Retrier _retrier;
    private readonly string _spider;
    private readonly OutageBackoff _outage;
    private readonly ChangeSignal _leaseEnded;
    private readonly CrawlFailures _failures;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Workers looking for work at once (see WorkAsync).
    private const int LookingForWork = 16;
    private readonly SemaphoreSlim _lookingForWork = new(LookingForWork);
    private long _published;
    private long _componentFailures;

    public CrawlEngine(SpiderFrontier frontier, CrawlerChains chains, RequestQueuer queuer, Retrier retrier, string spider, OutageBackoff outage,
        ChangeSignal leaseEnded, CrawlFailures failures, TimeProvider time, ILogger logger)
    {
        _failures = failures;
        _time = time;
        _frontier = frontier;
        _chains = chains;
        _queuer = queuer;
        _retrier = retrier;
        _spider = spider;
        _outage = outage;
        _leaseEnded = leaseEnded;
        _logger = logger;
    }

    /// <summary>Pages published by this engine.</summary>
    public long PagesPublished => Interlocked.Read(ref _published);

    /// <summary>Requests a component failed on (each retried or given up).</summary>
    public long ComponentFailures => Interlocked.Read(ref _componentFailures);

    private IFrontierConsumer Consumer => _frontier.Consumer;

    /// <summary>Crawls with <paramref name="workers"/> workers until <paramref name="cancellationToken"/> is cancelled; returns how many leases were released on stopping.</summary>
    public async Task<int> RunAsync(int workers, CancellationToken cancellationToken)
    {
        var released = await Task.WhenAll(Enumerable.Range(0, Math.Max(1, workers))
            .Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None))).ConfigureAwait(false);
        return released.Sum();
    }

    /// <summary>One worker: lease, crawl, repeat. Returns how many leases it released on stopping.</summary>
    private async Task<int> WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Lease? lease = null;
            try
            {
                // Only a few workers look for work at once: with hundreds of workers, lease attempts for domains whose
                // slots were all taken, and every signal of new work waking them all, cost a third more CPU per page at
                // 256 workers. A worker that leases hands its turn on at once.
                await _lookingForWork.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    lease = await Consumer.TryLeaseAsync(cancellationToken).ConfigureAwait(false);
                    if (lease is null)
                    {
                        await Consumer.WaitForWorkAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                        _outage.Succeeded();
                        continue;
                    }
                }
                finally
                {
                    _lookingForWork.Release();
                }

                await CrawlAsync(lease, cancellationToken).ConfigureAwait(false);
                _outage.Succeeded();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return lease is not null && await TryReleaseAsync(lease).ConfigureAwait(false) ? 1 : 0;
            }
            catch (Exception ex) when (ex is StoreException { Transient: true } or BusException)
            {
                // The store or the bus is away: the lease (if any) runs out and the request is crawled again later.
                try
                {
                    await _outage.WaitAsync(ex, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return 0;
                }
            }
        }

        return 0;
    }

    private async Task<bool> TryReleaseAsync(Lease lease)
    {
        try
        {
            var released = await Consumer.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            _leaseEnded.Notify();
            return released;
        }
        catch (StoreException)
        {
            // Unreachable now: the lease runs out and the request goes back to its queue then.
            return false;
        }
    }

    private async Task CrawlAsync(Lease lease, CancellationToken cancellationToken)
    {
        CrawlTask task;
        try
        {
            task = CrawlTask.FromMember(lease.Member);
        }
        catch (FormatException ex)
        {
            Log.Dropped(_logger, lease.Member, ex.Message, lease.Crawl.AppId, lease.Crawl.CrawlId);
            await EndAsync(lease, LeaseOutcome.Failed).ConfigureAwait(false);
            return;
        }

        if (!task.TryGetUri(out var uri))
        {
            await GiveUpAsync(lease, task, "not an http(s) URL").ConfigureAwait(false);
            return;
        }

        var context = new CrawlContext(task, uri, lease.Domain, _spider);
        DownloadOutcome outcome;
        try
        {
            outcome = await _chains.Download(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsComponentFailure(ex, cancellationToken))
        {
            outcome = await ComponentFailedAsync(context, ex, "a downloader middleware", cancellationToken).ConfigureAwait(false);
        }

        if (outcome is DownloadOutcome.Downloaded downloaded)
        {
            outcome = await ProcessAsync(context, downloaded.Response, cancellationToken).ConfigureAwait(false);
        }

        switch (outcome)
        {
            case DownloadOutcome.Downloaded:
                await EndAsync(lease, LeaseOutcome.Done).ConfigureAwait(false);
                break;
            case DownloadOutcome.Retried:
                await EndAsync(lease, LeaseOutcome.Retried).ConfigureAwait(false);
                break;
            case DownloadOutcome.Deferred deferred:
                // Delay first, so no other worker takes the request between its release and the delay.
                await Consumer.DelayDomainAsync(lease.Domain, _time.GetUtcNow() + deferred.Delay, cancellationToken).ConfigureAwait(false);
                await Consumer.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
                _leaseEnded.Notify();
                break;
            case DownloadOutcome.Dropped dropped:
                await GiveUpAsync(lease, task, dropped.Reason).ConfigureAwait(false);
                break;
            case DownloadOutcome.Failed failed:
                await GiveUpAsync(lease, task, failed.Reason).ConfigureAwait(false);
                break;
        }
    }

    private async Task GiveUpAsync(Lease lease, CrawlTask task, string reason)
    {
        Log.Dropped(_logger, task.Url, reason, task.AppId, task.CrawlId);
        await _failures.AddAsync(task.Url, reason, _spider, task.AppId, task.CrawlId).ConfigureAwait(false);
        await EndAsync(lease, LeaseOutcome.Failed).ConfigureAwait(false);
    }

    /// <summary>The spider and item pipeline half: returns the outcome the lease ends with.</summary>
    private async Task<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadResult response, CancellationToken cancellationToken)
    {
        var task = context.Request;
        var contentType = response.ResponseHeaders.TryGetValue("Content-Type", out var types) ? types.FirstOrDefault() : null;
        var (text, encoding) = ResponseText.Decode(response.Body, contentType);
        SpiderOutput output;
        try
        {
            output = await _chains.Parse(new SpiderResponse(task, response, text, encoding), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsComponentFailure(ex, cancellationToken))
        {
            return await ComponentFailedAsync(context, ex, $"the {_spider} spider or a spider middleware", cancellationToken).ConfigureAwait(false);
        }

        if (output.Problem is { } problem)
        {
            Log.SpiderProblem(_logger, _spider, task.Url, problem);
        }

        if (output.Requests.Count > 0)
        {
            await _queuer.EnqueueAsync(output.Requests, from: task, cancellationToken).ConfigureAwait(false);
        }

        (CrawledItem? Item, string? DroppedBy) processed;
        try
        {
            processed = await _chains.ProcessAsync(new CrawledItem(task, response, encoding, output.Links, output.Attrs), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsComponentFailure(ex, cancellationToken))
        {
            return await ComponentFailedAsync(context, ex, "an item pipeline", cancellationToken).ConfigureAwait(false);
        }

        if (processed.Item is null)
        {
            return DownloadOutcome.Drop($"dropped by {processed.DroppedBy}");
        }

        Interlocked.Increment(ref _published);
        Log.Scraped(_logger, response.ResponseUrl.AbsoluteUri, response.StatusCode, task.AppId, task.CrawlId, output.Links.Count);
        return DownloadOutcome.Of(response);
    }

    /// <summary>A component threw: counted, logged with the URL, and the request retried up to RETRY_TIMES.</summary>
    private async Task<DownloadOutcome> ComponentFailedAsync(CrawlContext context, Exception exception, string component, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _componentFailures);
        var task = context.Request;
        Log.ComponentFailed(_logger, exception, component, task.Url, exception.Message, task.AppId, task.CrawlId);
        return await _retrier.RetryOrGiveUpAsync(context, $"{component} failed: {exception.Message}", cancellationToken).ConfigureAwait(false);
    }

    // Infrastructure faults (the store, the bus) and stopping are the worker's to handle; anything else is the component's.
    private static bool IsComponentFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is not (StoreException or BusException) && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private async Task EndAsync(Lease lease, LeaseOutcome outcome)
    {
        await Consumer.AckAsync(lease, outcome, CancellationToken.None).ConfigureAwait(false);
        _leaseEnded.Notify();
    }
}
