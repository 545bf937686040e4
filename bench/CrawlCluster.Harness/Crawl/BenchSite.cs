using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace CrawlCluster.Harness.Crawl;

/// <summary>
/// The crawl benchmark's site, generated the same every time: <see cref="Hosts"/> host names — the loopback addresses
/// 127.0.0.1 … 127.0.0.20, each its own domain to every crawler, with no /etc/hosts edit — of
/// <see cref="PagesPerHost"/> pages (a front page and p0 … p98) of about 10 KB with 20 links each, every page reachable
/// from its front page within two links; served by nginx from Debian on one port of each address.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class BenchSite : IAsyncDisposable
{
    public const int Hosts = 20;
    public const int PagesPerHost = 100;
    public const int LinksPerPage = 20;

    private readonly string _root;
    private readonly Process _nginx;

    private BenchSite(string root, int port, Process nginx) => (_root, Port, _nginx) = (root, port, nginx);

    public int Port { get; }

    public int TotalPages => Hosts * PagesPerHost;

    /// <summary>The front page of host <paramref name="host"/> (1-based).</summary>
    public string FrontPage(int host) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.{host}:{Port}/");

    public IEnumerable<string> FrontPages => Enumerable.Range(1, Hosts).Select(FrontPage);

    public int NginxPid => _nginx.Id;

    public static async Task<BenchSite> StartAsync()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed: apt-get install nginx-light (bench/README.md)");
        var root = Directory.CreateTempSubdirectory("crawlcluster-bench-site-").FullName;
        // nginx's workers run as another user (nobody) when started as root: the pages must be readable to all.
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        Generate(root);
        var port = FreePort();
        var config = Path.Combine(root, "nginx.conf");
        var servers = string.Concat(Enumerable.Range(1, Hosts).Select(h => string.Create(CultureInfo.InvariantCulture,
            $"  server {{ listen 127.0.0.{h}:{port}; root {root}/site/{h}; index index.html; }}\n")));
        await File.WriteAllTextAsync(config, $$"""
            worker_processes 1;
            pid {{root}}/nginx.pid;
            error_log {{root}}/error.log warn;
            events { worker_connections 4096; }
            http {
              access_log off;
              sendfile on;
              tcp_nopush on;
              keepalive_requests 100000;
              types { text/html html; }
              default_type text/html;
              client_body_temp_path {{root}}/tmp;
              proxy_temp_path {{root}}/tmp;
              fastcgi_temp_path {{root}}/tmp;
              uwsgi_temp_path {{root}}/tmp;
              scgi_temp_path {{root}}/tmp;
            {{servers}}}
            """);
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        var start = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", config, "-p", root, "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var site = new BenchSite(root, port, process);
        using var http = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                (await http.GetAsync(new Uri(site.FrontPage(Hosts)))).EnsureSuccessStatusCode();
                return site;
            }
            catch (HttpRequestException) when (attempt < 100 && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch
            {
                await site.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_nginx.HasExited)
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }

        _nginx.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Page <c>p{i}</c> links to p{(20i + j) mod 99}: p0 … p4 alone reach every page, so depth 2 covers the host.</summary>
    private static void Generate(string root)
    {
        var filler = new StringBuilder();
        var random = new Random(20261202);
        const string Words = "crawl cluster frontier lease domain throttle queue page link spider request answer store bus monitor";
        var words = Words.Split(' ');
        while (filler.Length < 9_000)
        {
            filler.Append("<p>");
            for (var w = 0; w < 40; w++)
            {
                filler.Append(words[random.Next(words.Length)]).Append(' ');
            }

            filler.Append("</p>\n");
        }

        for (var host = 1; host <= Hosts; host++)
        {
            var folder = Path.Combine(root, "site", host.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "index.html"), Page($"Host {host}", Enumerable.Range(0, LinksPerPage), filler.ToString()));
            for (var i = 0; i < PagesPerHost - 1; i++)
            {
                File.WriteAllText(Path.Combine(folder, $"p{i}.html"),
                    Page($"Host {host} page {i}", Enumerable.Range(0, LinksPerPage).Select(j => (i * LinksPerPage + j) % (PagesPerHost - 1)), filler.ToString()));
            }
        }
    }

    private static string Page(string title, IEnumerable<int> links, string filler) =>
        $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\n<h1>{title}</h1>\n<ul>\n"
        + string.Concat(links.Select(l => $"<li><a href=\"/p{l}.html\">page {l}</a></li>\n")) + "</ul>\n" + filler + "</body></html>\n";

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
