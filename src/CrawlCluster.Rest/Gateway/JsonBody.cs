using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CrawlCluster.Rest.Gateway;

/// <summary>
/// Reads a request body as JSON: the content type must be JSON, the bytes valid UTF-8 and valid JSON no deeper than 64
/// levels, and no larger than REST_MAX_BODY. Anything else is the original's 400 (or 413), never an exception.
/// </summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Limits = new() { MaxDepth = 64 };

    /// <summary>The body, or the failure to answer with.</summary>
    public static async Task<(JsonNode? Json, string? Text, IResult? Failure)> ReadAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentType is not { } type || !IsJson(type))
        {
            return (null, null, Envelope.Failure(StatusCodes.Status400BadRequest, Envelope.InvalidJson));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, null, TooLarge(maxBytes));
        }

        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
            if (buffer.Length > maxBytes)
            {
                return (null, null, TooLarge(maxBytes));
            }

            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, null, TooLarge(maxBytes));
        }

        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return (null, null, Envelope.Failure(StatusCodes.Status400BadRequest, Envelope.InvalidJson));
        }

        try
        {
            var json = JsonNode.Parse(bytes, documentOptions: Limits);
            return (json, System.Text.Encoding.UTF8.GetString(bytes), null);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return (null, null, Envelope.Failure(StatusCodes.Status400BadRequest, Envelope.InvalidJson));
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Envelope.Failure(StatusCodes.Status413PayloadTooLarge, $"The payload is larger than {maxBytes} bytes (REST_MAX_BODY).");

    private static bool IsJson(string contentType)
    {
        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
