using System.Text.Json.Nodes;

namespace CrawlCluster.Core.Tests.Contract;

/// <summary>Checks that serialized output kept every field of the input.</summary>
internal static class JsonSubset
{
    /// <summary>
    /// Every property of <paramref name="expected"/> is in <paramref name="actual"/> with an equal value (objects
    /// compared recursively the same way; arrays and values exactly). Returns the first path that differs, or null.
    /// </summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (expected is JsonObject expectedObject)
        {
            if (actual is not JsonObject actualObject)
            {
                return path;
            }

            foreach (var (key, value) in expectedObject)
            {
                if (!actualObject.TryGetPropertyValue(key, out var actualValue))
                {
                    return $"{path}.{key} (missing)";
                }

                if (FirstDifference(value, actualValue, $"{path}.{key}") is { } difference)
                {
                    return difference;
                }
            }

            return null;
        }

        if (expected is JsonArray expectedArray)
        {
            if (actual is not JsonArray actualArray || actualArray.Count != expectedArray.Count)
            {
                return path;
            }

            for (var i = 0; i < expectedArray.Count; i++)
            {
                if (FirstDifference(expectedArray[i], actualArray[i], $"{path}[{i}]") is { } difference)
                {
                    return difference;
                }
            }

            return null;
        }

        return JsonNode.DeepEquals(expected, actual) ? null : path;
    }
}
