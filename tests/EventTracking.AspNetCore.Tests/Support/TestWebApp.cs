using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EventTracking.AspNetCore.Tests.Support;

/// <summary>
/// A small web application assembled by each test: header authentication, then optional middleware that runs outside
/// the request context, then <c>UseEventTracking</c>, then the test's endpoints.
/// </summary>
internal sealed class TestWebApp : WebApplicationFactory<TestWebApp>
{
    private readonly Action<IServiceCollection> _services;
    private readonly Action<IEndpointRouteBuilder> _endpoints;
    private readonly Action<IApplicationBuilder>? _outside;

    public TestWebApp(Action<IServiceCollection> services, Action<IEndpointRouteBuilder> endpoints, Action<IApplicationBuilder>? outside = null, bool kestrel = false)
    {
        _services = services;
        _endpoints = endpoints;
        _outside = outside;
        if (kestrel)
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);

    protected override IHostBuilder CreateHostBuilder() =>
        new HostBuilder().ConfigureWebHost(web => web
            .ConfigureServices(services =>
            {
                services.AddRouting();
                services.AddAuthorization();
                services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
                _services(services);
            })
            .Configure(app =>
            {
                _outside?.Invoke(app);
                app.UseAuthentication();
                app.UseEventTracking();
                app.UseRouting();
                app.UseAuthorization();
                app.UseEndpoints(_endpoints);
            }));
}
