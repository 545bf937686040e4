namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>The built-in plugins' JSON schemas, embedded in the assembly (CONTRACT.md Part B §1.3).</summary>
internal static class BuiltInSchemas
{
    /// <summary>The text of an embedded schema, e.g. <c>scraper_schema.json</c>.</summary>
    public static string Read(string fileName)
    {
        using var stream = typeof(BuiltInSchemas).Assembly.GetManifestResourceStream("CrawlCluster.KafkaMonitor.Schemas." + fileName)
            ?? throw new ArgumentException($"no built-in schema named {fileName}", nameof(fileName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
