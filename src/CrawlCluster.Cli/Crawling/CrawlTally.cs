using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Signals;

namespace CrawlCluster.Cli.Crawling;

/// <summary>What a <c>crawl</c> has written so far: pages, bytes, status codes and domains, for progress and the summary.</summary>
internal sealed class CrawlTally
{
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly ConcurrentDictionary<string, int> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly ChangeSignal _written = new();
    private long _pages;
    private long _skipped;
    private long _bytes;

    /// <summary>Pages written.</summary>
    public long Pages => Interlocked.Read(ref _pages);

    /// <summary>Bytes of page messages written.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Pages by status code.</summary>
    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    /// <summary>Pages by host.</summary>
    public IReadOnlyDictionary<string, int> Domains => _domains;

    /// <summary>Counts one crawled-page message.</summary>
    public void Add(ReadOnlySpan<byte> message)
    {
        Interlocked.Increment(ref _pages);
        Interlocked.Add(ref _bytes, message.Length);
        try
        {
            using var page = JsonDocument.Parse(message.ToArray());
            if (page.RootElement.TryGetProperty("status_code", out var status) && status.TryGetInt32(out var code))
            {
                _statuses.AddOrUpdate(code, 1, (_, n) => n + 1);
            }

            if (page.RootElement.TryGetProperty("url", out var url) && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri))
            {
                _domains.AddOrUpdate(uri.Host, 1, (_, n) => n + 1);
            }
        }
        catch (JsonException)
        {
            // Counted as a page; no status or domain to tell.
        }
    }

    /// <summary>What the frontier last said of the domains waiting on politeness.</summary>
    public FrontierWaiting? Waiting { get; set; }

    /// <summary>The politeness wait in words, for the progress display.</summary>
    public string WaitingText() => Waiting switch
    {
        { Domains: > 0, NextIn: { } next } => string.Create(CultureInfo.InvariantCulture,
            $"{Waiting.Domains} domain{(Waiting.Domains == 1 ? "" : "s")} waiting, next in {Math.Max(0, next.TotalSeconds):F1} s (--hits/--window/--no-moderation)"),
        _ => "none waiting",
    };

    /// <summary>Marks the page counted by <see cref="Add"/> as written to the output.</summary>
    public void Written() => _written.Notify();

    /// <summary>Pages published but left out of the output (beyond <c>--max-pages-total</c>).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Counts a page left out of the output.</summary>
    public void Skip()
    {
        Interlocked.Increment(ref _skipped);
        _written.Notify();
    }

    /// <summary>Waits until <paramref name="count"/> pages are written, or <paramref name="longest"/> has passed; true when they are.</summary>
    public async Task<bool> WaitForPagesAsync(long count, TimeSpan longest)
    {
        using var deadline = new CancellationTokenSource(longest);
        while (true)
        {
            var next = _written.Next;
            if (Pages + Skipped >= count)
            {
                return true;
            }

            try
            {
                await next.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Pages + Skipped >= count;
            }
        }
    }

    /// <summary>Status codes as <c>200×12 404×1</c>.</summary>
    public string StatusText() =>
        _statuses.IsEmpty ? "-" : string.Join(' ', _statuses.OrderBy(s => s.Key).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}×{s.Value}")));

    /// <summary>Bytes as <c>1.2 MB</c>.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:F1} MB"),
    };
}
