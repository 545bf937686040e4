using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Core.Keys;

/// <summary>How output topics are named (CONTRACT.md Part B §2.9, §4.2).</summary>
internal sealed class TopicOptions
{
    /// <summary>The prefix of every output topic: <c>&lt;prefix&gt;.crawled_firehose</c>, <c>&lt;prefix&gt;.outbound_firehose</c>.</summary>
    /// <value>The default is <c>demo</c>.</value>
    [ConfigurationKeyName("KAFKA_TOPIC_PREFIX"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string Prefix { get; set; } = "demo";

    /// <summary>Also publish to the per-application topics <c>&lt;prefix&gt;.crawled_&lt;appid&gt;</c> and <c>.outbound_&lt;appid&gt;</c>.</summary>
    /// <value>The default is false.</value>
    [ConfigurationKeyName("KAFKA_APPID_TOPICS")]
    public bool AppIdTopics { get; set; }
}
