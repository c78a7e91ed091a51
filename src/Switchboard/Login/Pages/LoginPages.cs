using System.Globalization;
using System.Text;
using Switchboard.Login.Errors;

namespace Switchboard.Login.Pages;

/// <summary>A form's target and the hidden fields it must carry (antiforgery token, flow state).</summary>
internal sealed record FormTarget(string Action, IReadOnlyDictionary<string, string> Hidden);

internal sealed record PermissionLine(string DisplayName, string Resource, string Value);

/// <summary>The pages of the sign-in service. Labels and button texts are a contract: browser tests find them by name.</summary>
internal static class LoginPages
{
    public static HtmlPage SignIn(FormTarget form, string appName, string? loginHint, string? error)
    {
        var body = new StringBuilder()
            .Append("<h1>Sign in</h1>")
            .Append("<p class=\"muted\">to continue to ").Append(HtmlPage.Encode(appName)).Append("</p>");
        if (error is not null)
        {
            body.Append("<div class=\"error\" role=\"alert\">").Append(HtmlPage.Encode(error)).Append("</div>");
        }

        body.Append(FormStart(form))
            .Append("<label for=\"login\">Email</label>")
            .Append("<input id=\"login\" name=\"login\" type=\"email\" autocomplete=\"username\" required autofocus value=\"").Append(HtmlPage.Encode(loginHint)).Append("\">")
            .Append("<label for=\"passwd\">Password</label>")
            .Append("<input id=\"passwd\" name=\"passwd\" type=\"password\" autocomplete=\"current-password\" required>")
            .Append("<button class=\"primary\" type=\"submit\" name=\"action\" value=\"signin\">Sign in</button>")
            .Append("</form>");
        return new HtmlPage("Sign in", body.ToString(), error is null ? 200 : 400);
    }

    public static HtmlPage AccountPicker(FormTarget form, string appName, string displayName, string userPrincipalName)
    {
        var body = new StringBuilder()
            .Append("<h1>Pick an account</h1>")
            .Append("<p class=\"muted\">to continue to ").Append(HtmlPage.Encode(appName)).Append("</p>")
            .Append(FormStart(form))
            .Append("<p>").Append(HtmlPage.Encode(displayName)).Append("<br><span class=\"muted\">").Append(HtmlPage.Encode(userPrincipalName)).Append("</span></p>")
            .Append("<button class=\"primary\" type=\"submit\" name=\"action\" value=\"continue\">Continue as ").Append(HtmlPage.Encode(displayName)).Append("</button>")
            .Append("<button class=\"secondary\" type=\"submit\" name=\"action\" value=\"switch\">Use another account</button>")
            .Append("</form>");
        return new HtmlPage("Pick an account", body.ToString());
    }

    public static HtmlPage Consent(FormTarget form, string appName, string publisher, string userPrincipalName, IReadOnlyList<PermissionLine> permissions, bool offerOrganization, bool organizationRequired, bool adminConsent)
    {
        var body = new StringBuilder()
            .Append("<h1>Permissions requested</h1>")
            .Append("<p><strong>").Append(HtmlPage.Encode(appName)).Append("</strong><br><span class=\"muted\">published by ").Append(HtmlPage.Encode(publisher)).Append("</span></p>")
            .Append("<p class=\"muted\">Signed in as ").Append(HtmlPage.Encode(userPrincipalName)).Append("</p>")
            .Append(adminConsent ? "<p>Accepting grants these permissions for everyone in your organization.</p>" : "<p>This app would like to:</p>")
            .Append("<ul class=\"permissions\">");
        foreach (var permission in permissions)
        {
            body.Append("<li>").Append(HtmlPage.Encode(permission.DisplayName))
                .Append("<br><span class=\"muted\"><code>").Append(HtmlPage.Encode(permission.Value)).Append("</code> · ").Append(HtmlPage.Encode(permission.Resource)).Append("</span></li>");
        }

        body.Append("</ul>").Append(FormStart(form));
        if (offerOrganization)
        {
            body.Append("<div class=\"check\"><input type=\"checkbox\" id=\"consent_org\" name=\"consent_org\" value=\"true\"").Append(organizationRequired ? " checked" : "").Append('>')
                .Append("<label for=\"consent_org\">Consent on behalf of your organization</label></div>");
            if (organizationRequired)
            {
                body.Append("<p class=\"muted\">Users of your organization cannot consent to this app themselves, so consent is given for everyone.</p>");
            }
        }

        body.Append("<button class=\"primary\" type=\"submit\" name=\"action\" value=\"accept\">Accept</button>")
            .Append("<button class=\"secondary\" type=\"submit\" name=\"action\" value=\"cancel\">Cancel</button>")
            .Append("</form>");
        return new HtmlPage("Permissions requested", body.ToString());
    }

    /// <summary>Entra's "Need admin approval" page, with a way back to the app that reports the refusal.</summary>
    public static HtmlPage NeedAdminApproval(AadError error, string appName, string? returnUrl)
    {
        var body = new StringBuilder()
            .Append("<h1>Need admin approval</h1>")
            .Append("<p>").Append(HtmlPage.Encode(appName)).Append(" needs permission to access resources in your organization that only an admin can grant. Ask an admin to grant permission to this app before you can use it.</p>")
            .Append("<div class=\"error\" role=\"alert\">").Append(HtmlPage.Encode(error.Headline)).Append("</div>");
        if (returnUrl is not null)
        {
            body.Append("<p><a href=\"").Append(HtmlPage.Encode(returnUrl)).Append("\">Return to the application without granting consent</a></p>");
        }

        return new HtmlPage("Need admin approval", body.ToString(), 403);
    }

    public static HtmlPage Error(AadError error, string correlationId, DateTimeOffset now)
    {
        var body = new StringBuilder()
            .Append("<h1>Sorry, but we're having trouble signing you in.</h1>")
            .Append("<div class=\"error\" role=\"alert\"><p>").Append(HtmlPage.Encode(error.Headline)).Append("</p></div>")
            .Append("<p class=\"muted\">Switchboard check: ").Append(HtmlPage.Encode(error.Check)).Append("<br>Correlation ID: ").Append(HtmlPage.Encode(correlationId))
            .Append("<br>Timestamp: ").Append(now.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append("</p>");
        return new HtmlPage("Error", body.ToString(), error.Status);
    }

    public static HtmlPage Message(string title, string text, int status = 200)
        => new(title, $"<h1>{HtmlPage.Encode(title)}</h1><p>{HtmlPage.Encode(text)}</p>", status);

    public static HtmlPage DeviceCodeEntry(FormTarget form, string? error)
    {
        var body = new StringBuilder().Append("<h1>Enter code</h1><p>Enter the code displayed on your app or device.</p>");
        if (error is not null)
        {
            body.Append("<div class=\"error\" role=\"alert\">").Append(HtmlPage.Encode(error)).Append("</div>");
        }

        body.Append(FormStart(form))
            .Append("<label for=\"otc\">Code</label>")
            .Append("<input id=\"otc\" name=\"otc\" type=\"text\" autocomplete=\"one-time-code\" autocapitalize=\"characters\" required autofocus>")
            .Append("<button class=\"primary\" type=\"submit\" name=\"action\" value=\"code\">Next</button></form>");
        return new HtmlPage("Enter code", body.ToString(), error is null ? 200 : 400);
    }

    /// <summary><c>response_mode=form_post</c>: posts the result to the app; the button covers browsers without script.</summary>
    public static HtmlPage FormPost(string redirectUri, IReadOnlyDictionary<string, string> fields)
    {
        var nonce = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var body = new StringBuilder()
            .Append("<h1>Signing you in</h1><form id=\"post\" method=\"post\" action=\"").Append(HtmlPage.Encode(redirectUri)).Append("\">");
        foreach (var (name, value) in fields)
        {
            body.Append("<input type=\"hidden\" name=\"").Append(HtmlPage.Encode(name)).Append("\" value=\"").Append(HtmlPage.Encode(value)).Append("\">");
        }

        body.Append("<button class=\"primary\" type=\"submit\">Continue</button></form>")
            .Append("<script nonce=\"").Append(nonce).Append("\">document.getElementById('post').submit();</script>");
        return new HtmlPage("Signing you in", body.ToString(), scriptNonce: nonce);
    }

    private static string FormStart(FormTarget form)
    {
        var html = new StringBuilder().Append("<form method=\"post\" action=\"").Append(HtmlPage.Encode(form.Action)).Append("\">");
        foreach (var (name, value) in form.Hidden)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(HtmlPage.Encode(name)).Append("\" value=\"").Append(HtmlPage.Encode(value)).Append("\">");
        }

        return html.ToString();
    }
}
