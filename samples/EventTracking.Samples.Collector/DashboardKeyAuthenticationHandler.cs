using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EventTracking.Samples.Collector;

/// <summary>
/// Sample only: signs in a request whose <c>Authorization: Bearer</c> token is <see cref="DashboardKeyOptions.Key"/>, and
/// challenges everything else with 401. A real application uses its own sign-in (cookies, OpenID Connect, …).
/// </summary>
internal sealed class DashboardKeyAuthenticationHandler : AuthenticationHandler<DashboardKeyOptions>
{
    public const string SchemeName = "DashboardKey";

    public DashboardKeyAuthenticationHandler(IOptionsMonitor<DashboardKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (Options.Key is not { Length: > 0 } key || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var given = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        // A wrong token is "no result" rather than a failure: the collector's own routes also take bearer keys.
        if (!CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key)))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "dashboard")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"eventtracking\"";
        return Task.CompletedTask;
    }
}
