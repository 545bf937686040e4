using System.Text.Json.Serialization;
using CrawlCluster.Core.Json;

namespace CrawlCluster.Core.Contract;

/// <summary>Source-generated JSON for every contract type (field names as in CONTRACT.md, set per property).</summary>
[JsonSourceGenerationOptions(Converters = [typeof(PythonFloatConverter)])]
[JsonSerializable(typeof(CrawlRequest))]
[JsonSerializable(typeof(CrawledPage))]
[JsonSerializable(typeof(ActionRequest))]
[JsonSerializable(typeof(StatsRequest))]
[JsonSerializable(typeof(DomainConfigRequest))]
[JsonSerializable(typeof(DomainConfigJob))]
[JsonSerializable(typeof(CrawlInfoAnswer))]
[JsonSerializable(typeof(AppInfoAnswer))]
[JsonSerializable(typeof(StopAnswer))]
[JsonSerializable(typeof(ExpiredNotice))]
[JsonSerializable(typeof(StatsAnswer))]
[JsonSerializable(typeof(DomainConfigAnswer))]
[JsonSerializable(typeof(RestEnvelope))]
[JsonSerializable(typeof(RestIndex))]
[JsonSerializable(typeof(SerializedRequest))]
public sealed partial class ContractJsonContext : JsonSerializerContext;
