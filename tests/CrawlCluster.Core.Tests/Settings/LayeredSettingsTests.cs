using CrawlCluster.Core.Settings;

namespace CrawlCluster.Core.Tests.Settings;

[Trait("Kind", "Unit")]
public sealed class LayeredSettingsTests : IDisposable
{
    private static readonly SettingsSection Section = SettingsSection.For(() => new SampleOptions());
    private static readonly SettingsSection Prefixed = SettingsSection.For(() => new SampleOptions(), keyPrefix: "SC_");
    private readonly string _directory = Directory.CreateTempSubdirectory("crawlcluster-settings-").FullName;

    private static IEnumerable<string> Known => Section.Settings.Concat(Prefixed.Settings).SelectMany(s => s.AllKeys);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Bind_NoLayers_GivesDefaults()
    {
        var options = SettingsBinder.Bind<SampleOptions>(Load(), Section);

        Assert.Equal(10, options.Hits);
        Assert.Equal(["localhost:9092"], options.Hosts);
        Assert.Equal(100, options.Plugins["A"]);
    }

    [Fact]
    public void Describe_EachLayerOverridesTheOneBelow_AndIsNamed()
    {
        var file = WriteFile("localsettings.json", """{ "HITS": 20, "RATIO": 0.25, "NAME": "from-file" }""");
        var settings = Load(file: file, environment: new() { ["HITS"] = "30", ["RATIO"] = "0.75" }, overrides: ["HITS=40"]);

        var rows = SettingsBinder.Describe(settings, [Section]).ToDictionary(r => r.Key);

        Assert.Equal(("40", SettingsLayer.CommandLine, "--set"), (rows["HITS"].DisplayValue, rows["HITS"].Layer, rows["HITS"].Source));
        Assert.Equal(("0.75", SettingsLayer.Environment), (rows["RATIO"].DisplayValue, rows["RATIO"].Layer));
        Assert.Equal(("from-file", SettingsLayer.File), (rows["NAME"].DisplayValue, rows["NAME"].Layer));
        Assert.EndsWith("localsettings.json", rows["NAME"].Source, StringComparison.Ordinal);
        Assert.Equal(("true", SettingsLayer.Default, "default"), (rows["ENABLED"].DisplayValue, rows["ENABLED"].Layer, rows["ENABLED"].Source));
    }

    [Fact]
    public void Load_LocalSettingsInWorkingDirectory_IsUsedWithoutFlag()
    {
        WriteFile(SettingsSources.DefaultFileName, """{ "HITS": 7 }""");
        var settings = LayeredSettings.Load(new SettingsSources { WorkingDirectory = _directory, Environment = new Dictionary<string, string?>() }, Known);

        Assert.Equal(7, SettingsBinder.Bind<SampleOptions>(settings, Section).Hits);
    }

    [Fact]
    public void Bind_TextWhereIntegerExpected_ErrorNamesKeyAndLayer()
    {
        var error = Assert.Throws<SettingsException>(() => SettingsBinder.Bind(Load(overrides: ["HITS=abc"]), Section));

        Assert.Equal("HITS (from --set): 'abc' is not an integer", Assert.Single(error.Errors));
    }

    [Fact]
    public void Bind_OutOfRange_ErrorNamesKeyLayerAndRange()
    {
        var error = Assert.Throws<SettingsException>(() => SettingsBinder.Bind(Load(environment: new() { ["HITS"] = "0" }), Section));

        Assert.Equal("HITS (from environment): must be between 1 and 100", Assert.Single(error.Errors));
    }

    [Fact]
    public void Load_UnknownKeyInFile_ErrorSuggestsTheNearestKey()
    {
        var file = WriteFile("s.json", """{ "HITZ": 1 }""");

        var error = Assert.Throws<SettingsException>(() => Load(file: file));

        Assert.Equal($"unknown setting 'HITZ' in {file} (did you mean HITS?)", Assert.Single(error.Errors));
    }

    [Fact]
    public void Load_UnknownKeyInSet_Error()
    {
        var error = Assert.Throws<SettingsException>(() => Load(overrides: ["NOPE_NOTHING_LIKE_IT=1"]));

        Assert.Equal("unknown setting 'NOPE_NOTHING_LIKE_IT' in --set", Assert.Single(error.Errors));
    }

    [Fact]
    public void Load_SetOfOneEntryOfAKnownSetting_IsAccepted_AndAnUnknownOnesEntryIsNot()
    {
        var settings = Load(overrides: ["HITS:extra=5"]);

        Assert.Equal("5", settings.Configuration["HITS:extra"]);
        Assert.Equal("unknown setting 'NOPE:extra' in --set", Assert.Single(Assert.Throws<SettingsException>(() => Load(overrides: ["NOPE:extra=5"])).Errors));
    }

    [Fact]
    public void Load_SetWithoutEquals_Error() =>
        Assert.Contains("--set expects KEY=VALUE", Assert.Throws<SettingsException>(() => Load(overrides: ["HITS"])).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("{ \"HITS\": ", "is not valid JSON (line 1")]
    [InlineData("[1, 2]", "must hold a JSON object")]
    public void Load_MalformedFile_ErrorNamesFile(string content, string expected)
    {
        var file = WriteFile("bad.json", content);

        var error = Assert.Throws<SettingsException>(() => Load(file: file));

        Assert.Contains($"settings file '{file}' {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExplicitFileMissing_Error() =>
        Assert.Equal("settings file 'missing.json' does not exist",
            Assert.Single(Assert.Throws<SettingsException>(() => LayeredSettings.Load(new SettingsSources { SettingsFile = "missing.json" }, Known)).Errors));

    [Fact]
    public void Load_UnknownEnvironmentVariables_AreIgnored()
    {
        var settings = Load(environment: new() { ["PATH"] = "/bin", ["HOME"] = "/root" });

        Assert.Equal(10, SettingsBinder.Bind<SampleOptions>(settings, Section).Hits);
    }

    [Fact]
    public void Bind_Lists_FromCommaTextJsonTextAndFileArray()
    {
        var file = WriteFile("s.json", """{ "HOSTS": ["a:1", "b:2"], "PLUGINS": { "A": null, "C": 50 } }""");

        var fromFile = SettingsBinder.Bind<SampleOptions>(Load(file: file), Section);
        var fromText = SettingsBinder.Bind<SampleOptions>(Load(overrides: ["HOSTS=x:1, y:2", "CODES=[500, 503]", "PLUGINS=A=null,B=7"]), Section);

        Assert.Equal(["a:1", "b:2"], fromFile.Hosts);
        Assert.Null(fromFile.Plugins["A"]);
        Assert.Equal(50, fromFile.Plugins["C"]);
        // Merged over the defaults: B keeps its default rank.
        Assert.Equal(200, fromFile.Plugins["B"]);
        Assert.Equal(["x:1", "y:2"], fromText.Hosts);
        Assert.Equal([500, 503], fromText.Codes);
        Assert.Null(fromText.Plugins["A"]);
        Assert.Equal(7, fromText.Plugins["B"]);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("None")]
    [InlineData("")]
    public void Bind_NullWords_ClearANullableSetting(string text) =>
        Assert.Null(SettingsBinder.Bind<SampleOptions>(Load(overrides: [$"OPTIONAL_LIMIT={text}"]), Section).OptionalLimit);

    [Theory]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("1", true)]
    [InlineData("no", false)]
    public void Bind_BooleanWords(string text, bool expected) =>
        Assert.Equal(expected, SettingsBinder.Bind<SampleOptions>(Load(overrides: [$"ENABLED={text}"]), Section).Enabled);

    [Fact]
    public void Bind_BadBoolean_Error() =>
        Assert.Equal("ENABLED (from --set): 'maybe' is not a boolean (use true or false)",
            Assert.Single(Assert.Throws<SettingsException>(() => SettingsBinder.Bind(Load(overrides: ["ENABLED=maybe"]), Section)).Errors));

    [Fact]
    public void Bind_Alias_IsAccepted_MainKeyWinsInTheSameLayer()
    {
        Assert.Equal(9, SettingsBinder.Bind<SampleOptions>(Load(overrides: ["ITEM_RETRIS=9"]), Section).ItemRetries);
        Assert.Equal(4, SettingsBinder.Bind<SampleOptions>(Load(overrides: ["ITEM_RETRIS=9", "ITEM_RETRIES=4"]), Section).ItemRetries);
    }

    [Fact]
    public void Bind_Prefix_ReadsPrefixedKeysOnly()
    {
        var settings = Load(overrides: ["SC_HITS=3", "HITS=8"]);

        Assert.Equal(3, SettingsBinder.Bind<SampleOptions>(settings, Prefixed).Hits);
        Assert.Equal(8, SettingsBinder.Bind<SampleOptions>(settings, Section).Hits);
    }

    [Fact]
    public void Describe_Secret_IsMasked()
    {
        var rows = SettingsBinder.Describe(Load(overrides: ["PASSWORD=hunter2"]), [Section]);

        Assert.Equal("****", rows.Single(r => r.Key == "PASSWORD").DisplayValue);
        Assert.DoesNotContain(rows, r => r.DisplayValue.Contains("hunter2", StringComparison.Ordinal));
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private LayeredSettings Load(string? file = null, Dictionary<string, string?>? environment = null, string[]? overrides = null) =>
        LayeredSettings.Load(
            new SettingsSources
            {
                SettingsFile = file,
                WorkingDirectory = _directory,
                Environment = environment ?? [],
                Overrides = overrides ?? [],
            },
            Known);
}
