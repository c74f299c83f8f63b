using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EventTracking.Samples.WebApp;

/// <summary>
/// Demo only: signs the request in as the user named by the <c>X-Demo-User</c> header or the <c>user</c> query
/// parameter, with the roles of its <c>X-Demo-Role</c> headers, so <c>curl</c> and a browser can show <c>user_id</c> in the request context. Never use this in a real app.
/// </summary>
internal sealed class DemoUserAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "DemoUser";

    public DemoUserAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
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
