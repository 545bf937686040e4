using System.Reflection;
using CrawlCluster.Rest.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace CrawlCluster.Rest.Dashboard;

/// <summary>
/// The web dashboard: one server-rendered page (served at <c>/</c> to browsers), its script and style sheet, all from
/// this assembly (no CDN: it works offline), and the data it shows — a snapshot at <c>/api/v1/dashboard</c> and the
/// same as server-sent events, one per sample.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>Where the page's assets are served; open without an API key (they hold no data).</summary>
    public const string AssetPrefix = "/dashboard/";

    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["index.html"] = (Read("index.html"), "text/html; charset=utf-8"),
        ["app.js"] = (Read("app.js"), "text/javascript; charset=utf-8"),
        ["app.css"] = (Read("app.css"), "text/css; charset=utf-8"),
    };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(AssetPrefix + "{name}", (string name, HttpContext context) => Asset(context, name)).ExcludeFromDescription();
        var api = endpoints.MapGroup("/api/v1").WithTags("v1");
        api.MapGet("/dashboard", async (DashboardSampler sampler, CancellationToken token) =>
        {
            sampler.Touch();
            await sampler.FirstSnapshot.WaitAsync(token).ConfigureAwait(false);
            return Results.Text(sampler.Snapshot, "application/json");
        })
            .WithName("GetDashboard").WithSummary("What the dashboard shows: node health, running and recent crawls with pages/s, rates over the last minutes, "
                + "busiest domains, process heartbeats, recent failures (the last three while someone watches)");
        api.MapGet("/dashboard/events", (HttpContext context, DashboardSampler sampler) => EventsAsync(context, sampler))
            .WithName("DashboardEvents").WithSummary("Server-sent events: a `snapshot` (the GET's body) every sample, every two seconds")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
    }

    /// <summary>Whether a request for <c>/</c> comes from a browser (it asks for HTML); API clients keep the JSON.</summary>
    public static bool WantsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>The page.</summary>
    public static IResult Page(HttpContext context) => Asset(context, "index.html");

    private static IResult Asset(HttpContext context, string name)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return Envelope.Failure(StatusCodes.Status404NotFound, Envelope.NotFound);
        }

        context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        context.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static async Task EventsAsync(HttpContext context, DashboardSampler sampler)
    {
        var token = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        using var watching = sampler.Watch();
        try
        {
            await sampler.FirstSnapshot.WaitAsync(token).ConfigureAwait(false);
            while (!token.IsCancellationRequested)
            {
                var next = sampler.NextSnapshot;
                await ApiV1.WriteEventAsync(context.Response, "snapshot", sampler.Snapshot, token).ConfigureAwait(false);
                await next.WaitAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The viewer left.
        }
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CrawlCluster.Rest.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
