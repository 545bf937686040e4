using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CrawlCluster.Rest.Gateway;

/// <summary>
/// The original's response envelope, <c>{"data", "error", "status"}</c> (keys sorted, as Flask's jsonify writes
/// them), and its error messages.
/// </summary>
internal static class Envelope
{
    public const string InvalidJson = "The payload must be valid JSON.";
    public const string SchemaFailed = "JSON did not validate against schema.";
    public const string NotFound = "The desired endpoint does not exist";
    public const string Unexpected = "An error occurred while processing your request.";
    public const string NoBus = "Unable to connect to Kafka";
    public const string NoStore = "Unable to connect to Redis";
    public const string UnparseablePoll = "Unparseable JSON Received from redis";
    public const string NoPoll = "Could not find matching poll_id";

    // As Python's json writes text: quotes and non-ASCII letters as they are, not as \u escapes.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Success(JsonNode? data, int status = StatusCodes.Status200OK) =>
        Results.Text(Json(new JsonObject { ["data"] = data, ["error"] = null, ["status"] = "SUCCESS" }), "application/json", statusCode: status);

    /// <summary>JSON text as the gateway writes it.</summary>
    public static string Json(JsonNode node) => node.ToJsonString(Relaxed);

    public static IResult Failure(int status, string message, string? cause = null) => Results.Text(Body(message, cause), "application/json", statusCode: status);

    /// <summary>Writes a failure outside an endpoint (middleware, the fallback, the exception handler).</summary>
    public static Task WriteFailureAsync(HttpContext context, int status, string message, string? cause = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(Body(message, cause));
    }

    private static string Body(string message, string? cause)
    {
        var error = new JsonObject { ["message"] = message };
        if (cause is not null)
        {
            error["cause"] = cause;
        }

        return Json(new JsonObject { ["data"] = null, ["error"] = error, ["status"] = "FAILURE" });
    }
}
