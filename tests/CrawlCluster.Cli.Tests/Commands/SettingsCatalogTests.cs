using CrawlCluster.Cli.Configuration;
using CrawlCluster.TestSupport;

namespace CrawlCluster.Cli.Tests.Commands;

[Trait("Kind", "Unit")]
public sealed class SettingsCatalogTests
{
    [Fact]
    public void EveryKey_IsDocumentedInDocsSettings()
    {
        var documentation = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "settings.md"));

        var missing = SettingsCatalog.AllKeys.Where(key => !documentation.Contains($"`{key}`", StringComparison.Ordinal)).Order().ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void SharedKeys_HaveOneTypeAcrossComponents()
    {
        var conflicts = SettingsCatalog.Components.Values
            .SelectMany(sections => sections)
            .SelectMany(section => section.Settings)
            .GroupBy(setting => setting.Key)
            .Where(group => group.Select(s => s.Property.PropertyType).Distinct().Count() > 1)
            .Select(group => group.Key)
            .ToList();

        Assert.Empty(conflicts);
    }

    [Fact]
    public void EveryComponentDefault_PassesItsOwnValidation()
    {
        var settings = Core.Settings.LayeredSettings.Load(new Core.Settings.SettingsSources { Environment = new Dictionary<string, string?>(), WorkingDirectory = Path.GetTempPath() }, SettingsCatalog.AllKeys);

        foreach (var sections in SettingsCatalog.Components.Values)
        {
            Assert.NotEmpty(Core.Settings.SettingsBinder.Describe(settings, sections));
        }
    }
}
