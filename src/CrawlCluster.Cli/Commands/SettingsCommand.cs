using System.CommandLine;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Core.Settings;

namespace CrawlCluster.Cli.Commands;

/// <summary><c>crawlcluster settings [--component NAME]</c>: each effective value and the layer it came from.</summary>
internal static class SettingsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(SettingsLoader loader)
    {
        var info = CommandCatalog.Get("settings");
        var component = new Option<string?>("--component", "-c")
        {
            Description = "Only this component: " + string.Join(", ", SettingsCatalog.Components.Keys),
            HelpName = "NAME",
        };
        component.AcceptOnlyFromAmong([.. SettingsCatalog.Components.Keys]);
        var command = new Command("settings", info.Summary) { component };
        CommandRunner.SetAction(command, async (parseResult, _) =>
        {
            var settings = loader.Load(parseResult);
            var chosen = parseResult.GetValue(component);
            var output = parseResult.InvocationConfiguration.Output;

            // Bind every section before printing anything: a bad value fails the whole command, not half of it.
            var listings = SettingsCatalog.Components
                .Where(c => chosen is null || chosen == c.Key)
                .Select(c => (Name: c.Key, Rows: SettingsBinder.Describe(settings, c.Value)))
                .ToList();
            foreach (var (name, rows) in listings)
            {
                await output.WriteLineAsync($"# {name}").ConfigureAwait(false);
                var keyWidth = rows.Max(r => r.Key.Length);
                var valueWidth = Math.Min(48, rows.Max(r => r.DisplayValue.Length));
                foreach (var row in rows)
                {
                    await output.WriteLineAsync($"{row.Key.PadRight(keyWidth)}  {row.DisplayValue.PadRight(valueWidth)}  ({row.Source})").ConfigureAwait(false);
                }

                await output.WriteLineAsync().ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
