using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace CrawlCluster.TestSupport.Faults;

/// <summary>
/// A generated site on loopback for the fault suite: pages <c>/p/0</c> … <c>/p/N-1</c> in a tree (each page links to its
/// <see cref="Branching"/> children, its parent and the front page), so a crawl of depth 3 from <c>/p/0</c> reaches every
/// page, and a page given up leaves exactly its subtree undiscovered. Faults are switched on while it serves: pages that
/// hang or reset mid-body the first time, a 5xx storm, part of the site turned into a redirect loop.
/// </summary>
public sealed class FaultSite : IAsyncDisposable
{
    /// <summary>Children per page: 1 + 22 + 484 + 10,648 pages lie within depth 3.</summary>
    public const int Branching = 22;

    private static readonly string Filler = string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 20));
    private readonly ConcurrentDictionary<int, int> _hits = new();
    private readonly LocalHttpServer _server;
    private volatile Func<int, bool> _hangOnce = _ => false;
    private volatile Func<int, bool> _resetOnce = _ => false;
    private volatile Func<int, bool> _loops = _ => false;
    private volatile bool _storm;

    private FaultSite(int pages)
    {
        Pages = pages;
        _server = LocalHttpServer.Start(Answer);
    }

    /// <summary>How many pages the site has.</summary>
    public int Pages { get; }

    /// <summary>The front page, where a crawl starts.</summary>
    public Uri Front => Url(0);

    /// <summary>Requests the site answered (or hung on), robots.txt included.</summary>
    public int Requests => _server.Requests.Count;

    public static FaultSite Start(int pages) => new(pages);

    public Uri Url(int page) => _server.Url($"/p/{page.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The page a URL of this site names, or null.</summary>
    public static int? PageOf(string url)
    {
        var at = url.LastIndexOf("/p/", StringComparison.Ordinal);
        return at >= 0 && int.TryParse(url.AsSpan(at + 3), NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page : null;
    }

    /// <summary>Pages for which <paramref name="which"/> holds hang (never answer) the first time they are asked for.</summary>
    public void HangOnce(Func<int, bool> which) => _hangOnce = which;

    /// <summary>Pages for which <paramref name="which"/> holds send half their body and reset the connection the first time.</summary>
    public void ResetOnce(Func<int, bool> which) => _resetOnce = which;

    /// <summary>While on, every request is answered 503.</summary>
    public bool Storm { get => _storm; set => _storm = value; }

    /// <summary>Pages for which <paramref name="which"/> holds redirect into an endless loop from now on.</summary>
    public void RedirectLoop(Func<int, bool> which) => _loops = which;

    /// <summary>
    /// The pages a crawl can discover when <paramref name="givenUp"/> were given up: every page none of whose ancestors
    /// was given up (a given-up page itself is discovered, its subtree is not).
    /// </summary>
    public IReadOnlySet<int> Discoverable(IReadOnlySet<int> givenUp)
    {
        var found = new HashSet<int>();
        for (var page = 0; page < Pages; page++)
        {
            if (page == 0 || (found.Contains(Parent(page)) && !givenUp.Contains(Parent(page))))
            {
                found.Add(page);
            }
        }

        return found;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static int Parent(int page) => (page - 1) / Branching;

    private LocalHttpResponse Answer(LocalHttpRequest request)
    {
        if (request.Path == "/robots.txt")
        {
            return new LocalHttpResponse(404, []);
        }

        if (request.Path.StartsWith("/loop/", StringComparison.Ordinal))
        {
            return LocalHttpResponse.Redirect(request.Path == "/loop/a" ? "/loop/b" : "/loop/a");
        }

        if (PageOf(request.Path) is not { } page || page >= Pages)
        {
            return new LocalHttpResponse(404, []);
        }

        var first = _hits.AddOrUpdate(page, 1, (_, n) => n + 1) == 1;
        if (_storm)
        {
            return new LocalHttpResponse(503, []);
        }

        if (_loops(page))
        {
            return LocalHttpResponse.Redirect("/loop/a");
        }

        var html = Render(page);
        return first && _hangOnce(page) ? html with { Hang = true }
            : first && _resetOnce(page) ? html with { ResetMidBody = true }
            : html;
    }

    private LocalHttpResponse Render(int page)
    {
        var html = new StringBuilder(4096);
        html.Append("<!doctype html><html><head><title>Page ").Append(page).Append("</title></head><body><h1>Page ").Append(page).Append("</h1><p>")
            .Append(Filler).Append("</p><ul>");
        for (var child = (page * Branching) + 1; child <= (page * Branching) + Branching && child < Pages; child++)
        {
            html.Append("<li><a href=\"/p/").Append(child).Append("\">page ").Append(child).Append("</a></li>");
        }

        html.Append("</ul><a href=\"/p/").Append(page == 0 ? 0 : Parent(page)).Append("\">up</a> <a href=\"/p/0\">home</a></body></html>");
        return LocalHttpResponse.Html(html.ToString());
    }
}
