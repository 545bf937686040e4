using System.Text.Json.Serialization;
using CrawlCluster.Core.Json;

namespace CrawlCluster.Core.Contract;

/// <summary>
/// The wire types that are written as typed records: the crawled-page message and the Scrapy request dict a crawler
/// queues. Requests arriving on the incoming topic are validated against the Kafka Monitor's JSON schemas and kept
/// as JSON, so unknown fields pass through as the original's did.
/// </summary>
[JsonSourceGenerationOptions(Converters = [typeof(PythonFloatConverter)])]
[JsonSerializable(typeof(CrawledPage))]
[JsonSerializable(typeof(SerializedRequest))]
internal sealed partial class ContractJsonContext : JsonSerializerContext;
