using System.ComponentModel.DataAnnotations;
using CrawlCluster.Core.Settings;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Core.Tests.Settings;

/// <summary>An options class exercising every supported setting type.</summary>
public sealed class SampleOptions
{
    [ConfigurationKeyName("HITS"), Range(1, 100, ErrorMessage = "must be between {1} and {2}")]
    public int Hits { get; set; } = 10;

    [ConfigurationKeyName("RATIO")]
    public double Ratio { get; set; } = 0.5;

    [ConfigurationKeyName("ENABLED")]
    public bool Enabled { get; set; } = true;

    [ConfigurationKeyName("NAME")]
    public string Name { get; set; } = "default-name";

    [ConfigurationKeyName("OPTIONAL_LIMIT")]
    public int? OptionalLimit { get; set; } = 5;

    [ConfigurationKeyName("HOSTS")]
    public string[] Hosts { get; set; } = ["localhost:9092"];

    [ConfigurationKeyName("CODES")]
    public int[] Codes { get; set; } = [200, 404];

    [ConfigurationKeyName("PLUGINS")]
    public Dictionary<string, int?> Plugins { get; set; } = new() { ["A"] = 100, ["B"] = 200 };

    [ConfigurationKeyName("ITEM_RETRIES"), SettingAlias("ITEM_RETRIS")]
    public int ItemRetries { get; set; } = 3;

    [ConfigurationKeyName("PASSWORD"), Secret]
    public string? Password { get; set; }
}
