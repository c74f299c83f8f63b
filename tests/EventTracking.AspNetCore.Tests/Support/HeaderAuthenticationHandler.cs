using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventTracking.AspNetCore.Tests.Support;

/// <summary>Authenticates a request as the user named in its <c>X-User</c> header (with a consent claim from <c>X-Consent</c>); anonymous without one.</summary>
internal sealed class HeaderAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "Header";
    public const string Header = "X-User";
    public const string ConsentHeader = "X-Consent";
    public const string ConsentClaimType = "tracking_consent";

    public HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var user = Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user), new Claim("sub", "sub-" + user)], SchemeName);
        if (Request.Headers[ConsentHeader].ToString() is { Length: > 0 } consent)
        {
            identity.AddClaim(new Claim(ConsentClaimType, consent));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
