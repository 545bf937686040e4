namespace CrawlCluster.Core.Settings;

/// <summary>Marks a setting whose value is never printed or logged (passwords, API keys).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SecretAttribute : Attribute;
