using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using CrawlCluster.Core.Keys;
using CrawlCluster.Rest.Api;
using CrawlCluster.Rest.Dashboard;
using CrawlCluster.Rest.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Rest;

/// <summary>
/// Registers the gateway on a web host whose composition root provides the bus, the store ports and the request checker,
/// and builds its request pipeline.
/// </summary>
internal static class RestGateway
{
    public static IServiceCollection AddRestGateway(this IServiceCollection services, RestOptions options, TopicOptions topicOptions)
    {
        var topics = new TopicNames(topicOptions);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(new GatewayTopics(options.ProducerTopic, topics.OutboundFirehose, topics.CrawledFirehose));
        services.AddSingleton<GatewayIdentity>();
        services.AddSingleton<AnswerWaiters>();
        services.AddSingleton<OutboundEvents>();
        services.AddSingleton<AnswerRouter>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<AnswerRouter>());
        services.AddHostedService<RestHeartbeat>();
        services.AddSingleton<OriginalApi>();
        services.AddSingleton<ApiV1>();
        services.AddSingleton<DashboardSampler>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DashboardSampler>());
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CrawlCluster";
            document.Info.Description = "The versioned API of the CrawlCluster gateway. The original Scrapy Cluster endpoints (/, /feed, /poll) are described in docs/rest.md.";
            return Task.CompletedTask;
        }));
        services.AddRouting();
        // The composition root adds the checks (store, bus) to this builder.
        services.AddHealthChecks();
        if (options.RateLimit > 0)
        {
            services.AddRateLimiter(limiter =>
            {
                limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RateLimit, Window = TimeSpan.FromSeconds(1), QueueLimit = 0 }));
                limiter.OnRejected = async (rejected, cancellationToken) =>
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = "1";
                    await Envelope.WriteFailureAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                        $"Too many requests: at most {options.RateLimit} a second per client (REST_RATE_LIMIT).").ConfigureAwait(false);
                };
            });
        }

        if (Origins(options) is { Length: > 0 } origins)
        {
            services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod()));
        }

        return services;
    }

    /// <summary>The request pipeline: errors as the envelope, API key, rate limit, CORS, the endpoints and dashboard, 404 for the rest.</summary>
    public static void UseRestGateway(this WebApplication app, RestOptions options)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
            {
                var fault = context.Features.Get<IExceptionHandlerFeature>();
                if (fault is not null)
                {
                    Log.Unexpected(app.Logger, fault.Error, context.Request.Path);
                }

                return Envelope.WriteFailureAsync(context, StatusCodes.Status500InternalServerError, Envelope.Unexpected);
            },
        });
        app.UseStatusCodePages(context => context.HttpContext.Response.HasStarted || context.HttpContext.Response.ContentLength > 0
                ? Task.CompletedTask
                : context.HttpContext.Response.StatusCode switch
                {
                    StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed =>
                        Envelope.WriteFailureAsync(context.HttpContext, StatusCodes.Status404NotFound, Envelope.NotFound),
                    _ => Task.CompletedTask,
                });
        if (Origins(options) is { Length: > 0 })
        {
            app.UseCors();
        }

        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            app.UseMiddleware<ApiKeyMiddleware>(options.ApiKey);
        }

        if (options.RateLimit > 0)
        {
            app.UseRateLimiter();
        }

        app.UseRouting();
        app.MapHealthChecks("/health");
        OriginalApi.Map(app);
        ApiV1.Map(app);
        DashboardEndpoints.Map(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "openapi";
            ui.SwaggerEndpoint("/openapi/v1.json", "CrawlCluster v1");
            ui.DocumentTitle = "CrawlCluster API";
        });
        app.MapFallback(context => Envelope.WriteFailureAsync(context, StatusCodes.Status404NotFound, Envelope.NotFound));
    }

    /// <summary>Warns loudly when the gateway listens beyond loopback without an API key.</summary>
    public static void WarnIfExposed(RestOptions options, ILogger logger)
    {
        var loopback = options.Host is "localhost" || (IPAddress.TryParse(options.Host, out var address) && IPAddress.IsLoopback(address));
        if (!loopback && string.IsNullOrEmpty(options.ApiKey))
        {
            Log.PublicWithoutKey(logger, options.Host);
        }
    }

    /// <summary>The URL the gateway serves, for logs and <c>up</c>.</summary>
    public static string Url(RestOptions options, int port) =>
        string.Create(CultureInfo.InvariantCulture, $"http://{(options.Host is "0.0.0.0" or "::" ? "127.0.0.1" : options.Host)}:{port}/");

    private static string[] Origins(RestOptions options) =>
        (options.CorsOrigins ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
