using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CrawlCluster.Rest.Gateway;

/// <summary>
/// With REST_API_KEY set, every request but <c>/</c>, <c>/health</c> and the dashboard's assets must carry it, in <c>X-Api-Key</c> or as a
/// bearer token; compared in constant time. Without it, 401 in the envelope.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, string apiKey)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(apiKey);

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path is "/" or "/health" || path.StartsWith(Dashboard.DashboardEndpoints.AssetPrefix, StringComparison.Ordinal) || Presented(context.Request) is { } key && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), _key))
        {
            return next(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Envelope.WriteFailureAsync(context, StatusCodes.Status401Unauthorized, "A valid API key is required (X-Api-Key header or Authorization: Bearer).");
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && header.Count > 0)
        {
            return header[0];
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
