using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EventTracking.Samples.WebApp;

/// <summary>
/// Demo only, and only in the Development environment: signs the request in as the user named by the
/// <c>X-Demo-User</c> header or the <c>user</c> query parameter, with the roles of its <c>X-Demo-Role</c> headers, so
/// <c>curl</c> and a browser can show <c>user_id</c> in the request context. In any other environment it signs nobody
/// in, so the dashboard and the erasure endpoint answer 401 to everyone: put the application's own sign-in there.
/// </summary>
internal sealed class DemoUserAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "DemoUser";

    private readonly IHostEnvironment _environment;

    public DemoUserAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IHostEnvironment environment)
        : base(options, logger, encoder)
    {
        _environment = environment;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Anyone can claim any name and role with a header: outside Development that would open the dashboard and
        // erasure to the world.
        if (!_environment.IsDevelopment())
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var user = Request.Headers["X-Demo-User"].ToString();
        if (string.IsNullOrEmpty(user))
        {
            user = Request.Query["user"].ToString();
        }

        if (string.IsNullOrEmpty(user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // X-Demo-Role: privacy-admin lets the demo user call the erasure endpoint.
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user), new(ClaimTypes.Name, user) };
        claims.AddRange(Request.Headers["X-Demo-Role"].Where(r => !string.IsNullOrEmpty(r)).Select(r => new Claim(ClaimTypes.Role, r!)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
