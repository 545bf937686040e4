using System.Text;

namespace CrawlCluster.KafkaMonitor.Tests.Ingest;

/// <summary>Messages no plugin may accept: broken bytes, broken JSON, hostile shapes, schema violations.</summary>
internal static class Hostile
{
    private static readonly string[] Fixed =
    [
        "",
        "null",
        "[]",
        "{}",
        "\"just a string\"",
        "{\"url\":\"http://a.com\",\"appid\":\"app\",\"crawlid\":\"c\"",
        "{'url':'http://a.com','appid':'app','crawlid':'c'}",
        "{\"url\":\"http://a.com\",\"appid\":\"app\",\"crawlid\":\"c\",\"priority\":NaN}",
        "{\"url\":\"http://a.com\",\"appid\":\"app\",\"crawlid\":\"c\",\"priority\":1e400}",
        "{\"url\":\"http://a.com\",\"appid\":\"app\",\"crawlid\":\"c\",\"priority\":5.0}",
        "{\"url\":\"http://a.com\",\"appid\":\"app\",\"crawlid\":\"c\",\"priority\":\"1\"}",
        "{\"url\":\"http://a.com\",\"appid\":\"app\",\"crawlid\":\"c\",\"maxdepth\":-1}",
        "{\"url\":\"http://a.com\",\"appid\":\"app\",\"crawlid\":\"c\",\"extra\":true}",
        "{\"url\":\"http://a.com\",\"appid\":\"app\",\"crawlid\":\"c\",\"allow_regex\":\"(a+)+$\"}",
        "{\"url\":\"http://a.com\",\"appid\":\"app\",\"crawlid\":\"c\",\"deny_regex\":[\"(a|a)*b\",\"(a|a)*b\"]}",
        "{\"url\":\"http://a.com\",\"appid\":\"app\",\"crawlid\":\"c\",\"url\":\"http://b.com\",\"url\":3}",
        "{\"url\":[\"http://a.com\"],\"appid\":\"app\",\"crawlid\":\"c\"}",
        "{\"uuid\":\"u\",\"appid\":\"app\",\"spiderid\":\"link\",\"action\":\"explode\"}",
        "{\"uuid\":\"u\",\"appid\":\"app\",\"stats\":\"everything\"}",
        "{\"uuid\":\"u\",\"appid\":\"app\",\"domain\":\"a.com\",\"action\":\"domain-update\",\"scale\":2}",
        "\u0000\u0001\u0002",
        "{\"url\":\"http://a.com\",\"appid\":\"\uD800\",\"crawlid\":\"c\"}",
    ];

    /// <summary>The <paramref name="index"/>th hostile message.</summary>
    public static byte[] Message(int index, Random random) => (index % 8) switch
    {
        0 => RandomBytes(random),
        1 => Encoding.UTF8.GetBytes(new string('[', 5_000 + random.Next(5_000)) + new string(']', 10)),
        2 => Encoding.UTF8.GetBytes($$"""{"url":"http://a.com","appid":"{{new string('a', 41 + random.Next(100_000))}}","crawlid":"c"}"""),
        3 => Encoding.UTF8.GetBytes($$"""{"url":"http://a.com/{{new string('x', 300_000)}}","appid":"app","crawlid":"c"}"""),
        4 => Encoding.UTF8.GetBytes(Nested(random.Next(65, 200))),
        _ => Encoding.UTF8.GetBytes(Fixed[random.Next(Fixed.Length)]),
    };

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 2_000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Nested(int depth) =>
        $$"""{"url":"http://a.com","appid":"app","crawlid":"c","attrs":{{string.Concat(Enumerable.Repeat("{\"a\":", depth))}}1{{new string('}', depth)}}}""";
}
