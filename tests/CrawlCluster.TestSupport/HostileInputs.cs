using System.Globalization;
using System.Text;

namespace CrawlCluster.TestSupport;

/// <summary>One generated input: its bytes, and whether the incoming topic's schemas accept it.</summary>
/// <param name="Body">The bytes as sent.</param>
/// <param name="Valid">True for a request the Kafka Monitor handles, false for one it must refuse.</param>
/// <param name="Kind">What the generator made, for failure messages.</param>
public sealed record HostileInput(byte[] Body, bool Valid, string Kind);

/// <summary>
/// A seeded generator of requests for the incoming topic and the gateway: valid crawl, action and stats requests, and
/// every kind of bad input — not JSON, truncated JSON, bad UTF-8, JSON that is not an object, wrong types, each
/// schema's boundaries on both sides, duplicate array items, deep nesting, long strings — each labelled valid or not,
/// so a test can count what the receiver must accept and refuse. The same seed gives the same inputs.
/// </summary>
public static class HostileInputs
{
    private static readonly string[] Kinds =
    [
        "valid-crawl", "valid-crawl", "valid-action", "valid-stats", "not-json", "truncated", "bad-utf8", "not-object", "wrong-type",
        "below-minimum", "above-maximum", "too-short", "too-long", "missing-required", "duplicate-items", "deep-nesting", "garbage-after",
        "valid-boundary",
    ];

    /// <summary><paramref name="count"/> inputs from <paramref name="seed"/>; every <paramref name="hugeEvery"/>-th is a string of 2 MiB (0: none).</summary>
    public static IEnumerable<HostileInput> Generate(int count, int seed, int hugeEvery = 0)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            if (hugeEvery > 0 && i % hugeEvery == hugeEvery - 1)
            {
                // Over the Kafka Monitor's and the gateway's size limits (1 MiB by default).
                yield return new HostileInput(Encoding.UTF8.GetBytes(Crawl(random, i, url: "http://huge.test/" + new string('a', 2 * 1024 * 1024))), false, "huge");
                continue;
            }

            var kind = Kinds[random.Next(Kinds.Length)];
            yield return kind switch
            {
                "valid-crawl" => Text(Crawl(random, i), true, kind),
                "valid-action" => Text($$"""{"action": "{{(random.Next(2) == 0 ? "info" : "stop")}}", "appid": "fuzzapp", "crawlid": "c{{i % 50}}", "spiderid": "link", "uuid": "u{{i}}"}""", true, kind),
                "valid-stats" => Text($$"""{"stats": "queue", "appid": "fuzzapp", "uuid": "s{{i}}"}""", true, kind),
                "valid-boundary" => Text(random.Next(4) switch
                {
                    0 => $$"""{"url": "http://b{{i}}.test/", "appid": "abc", "crawlid": "x", "maxdepth": 3, "priority": 100}""",
                    1 => $$$"""{"url": "http://b{{{i}}}.test/", "appid": "{{{new string('a', 40)}}}", "crawlid": "{{{new string('c', 40)}}}", "maxdepth": 0, "priority": 1}""",
                    2 => $$$"""{"url": "http://b{{{i}}}.test/", "appid": "fuzzapp", "crawlid": "c1", "domain_max_pages": 2000, "attrs": {"k": [1, 2.5, null, "é"]}}""",
                    _ => $$"""{"url": "http://b{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "useragent": "abc", "allowed_domains": ["a.test", "b.test"]}""",
                }, true, kind),
                "not-json" => new HostileInput(RandomBytes(random, random.Next(1, 200)), false, kind),
                "truncated" => Truncated(random, i),
                "bad-utf8" => BadUtf8(random, i),
                "not-object" => Text(new[] { "[]", "[1, 2]", "1", "\"url\"", "null", "true", "{}" }[random.Next(7)], false, kind),
                "wrong-type" => Text(random.Next(5) switch
                {
                    0 => $$"""{"url": 5, "appid": "fuzzapp", "crawlid": "c1"}""",
                    1 => $$"""{"url": "http://w{{i}}.test/", "appid": ["fuzzapp"], "crawlid": "c1"}""",
                    2 => $$"""{"url": "http://w{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "maxdepth": "1"}""",
                    3 => $$"""{"url": "http://w{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "priority": 1.5}""",
                    _ => $$"""{"url": "http://w{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "attrs": "not an object"}""",
                }, false, kind),
                "below-minimum" => Text(random.Next(3) switch
                {
                    0 => $$"""{"url": "http://m{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "maxdepth": -1}""",
                    1 => $$"""{"url": "http://m{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "priority": 0}""",
                    _ => $$"""{"url": "http://m{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "domain_max_pages": -5}""",
                }, false, kind),
                "above-maximum" => Text(random.Next(3) switch
                {
                    0 => $$"""{"url": "http://x{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "maxdepth": 4}""",
                    1 => $$"""{"url": "http://x{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "priority": 101}""",
                    _ => $$"""{"url": "http://x{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "domain_max_pages": 2001}""",
                }, false, kind),
                "too-short" => Text(random.Next(3) switch
                {
                    0 => $$"""{"url": "http://s{{i}}.test/", "appid": "ab", "crawlid": "c1"}""",
                    1 => $$"""{"url": "http://s{{i}}.test/", "appid": "fuzzapp", "crawlid": ""}""",
                    _ => $$"""{"url": "http://s{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "useragent": "ab"}""",
                }, false, kind),
                "too-long" => Text(random.Next(2) switch
                {
                    0 => $$"""{"url": "http://l{{i}}.test/", "appid": "{{new string('a', 41)}}", "crawlid": "c1"}""",
                    _ => $$"""{"url": "http://l{{i}}.test/", "appid": "fuzzapp", "crawlid": "{{new string('c', 41)}}"}""",
                }, false, kind),
                "missing-required" => Text(random.Next(3) switch
                {
                    0 => """{"appid": "fuzzapp", "crawlid": "c1"}""",
                    1 => $$"""{"url": "http://r{{i}}.test/", "crawlid": "c1"}""",
                    _ => $$"""{"url": "http://r{{i}}.test/", "appid": "fuzzapp"}""",
                }, false, kind),
                "duplicate-items" => Text($$"""{"url": "http://d{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "allowed_domains": ["a.test", "a.test"]}""", false, kind),
                // Deeper than the 64 levels the Kafka Monitor and the gateway read.
                "deep-nesting" => Text(Nested(i, 65 + random.Next(5000)), false, kind),
                _ => Text(Crawl(random, i) + " }", false, kind),
            };
        }
    }

    /// <summary>A crawl request whose attrs nest <paramref name="depth"/> objects: valid by the schema, refused for its depth.</summary>
    private static string Nested(int i, int depth) =>
        $$"""{"url": "http://n{{i}}.test/", "appid": "fuzzapp", "crawlid": "c1", "attrs": """ + string.Concat(Enumerable.Repeat("{\"a\": ", depth)) + "1"
        + new string('}', depth) + "}";

    private static HostileInput Text(string text, bool valid, string kind) => new(Encoding.UTF8.GetBytes(text), valid, kind);

    private static string Crawl(Random random, int i, string? url = null)
    {
        var extra = random.Next(4) switch
        {
            0 => "",
            1 => $", \"maxdepth\": {random.Next(4)}",
            2 => $", \"priority\": {random.Next(1, 101)}, \"attrs\": {{\"n\": {i}, \"s\": \"\\u00e9\\n\\\"\"}}",
            _ => ", \"allow_regex\": [\"(a+)+$\"], \"deny_extensions\": [\"pdf\"]",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"url": "{{url ?? $"http://f{i % 1000}.test/p{i}"}}", "appid": "fuzzapp", "crawlid": "c{{i % 50}}"{{extra}}}""");
    }

    private static HostileInput Truncated(Random random, int i)
    {
        var whole = Crawl(random, i);
        return Text(whole[..random.Next(1, whole.Length - 1)], false, "truncated");
    }

    private static HostileInput BadUtf8(Random random, int i)
    {
        var before = Encoding.UTF8.GetBytes($$"""{"url": "http://u{{i}}.test/""");
        byte[][] invalid = [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0x28], [0xed, 0xa0, 0x80]];
        var after = Encoding.UTF8.GetBytes("\", \"appid\": \"fuzzapp\", \"crawlid\": \"c1\"}");
        return new HostileInput([.. before, .. invalid[random.Next(invalid.Length)], .. after], false, "bad-utf8");
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        // Random bytes may parse as a JSON scalar by chance (a lone digit), never as a request object.
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
