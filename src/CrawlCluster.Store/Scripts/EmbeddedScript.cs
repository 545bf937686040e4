namespace CrawlCluster.Store.Scripts;

/// <summary>Reads the Lua scripts that sit next to the C# calling them, embedded as resources.</summary>
internal static class EmbeddedScript
{
    /// <summary>Reads <c>{owner namespace}.{name}.lua</c> from the owner's assembly; fails fast at type load if missing.</summary>
    public static string Read(Type owner, string name)
    {
        var resource = $"{owner.Namespace}.{name}.lua";
        using var stream = owner.Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded Lua script '{resource}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A script with shared functions prepended (a Lua chunk of <c>local function</c>s), as one script.</summary>
    public static string WithPrelude(Type preludeOwner, string prelude, Type owner, string name) =>
        Read(preludeOwner, prelude) + "\n" + Read(owner, name);
}
