using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.WebUtilities;

namespace Switchboard.Tests.Infrastructure;

/// <summary>A page the server answered, or the redirect that left the server (to the app).</summary>
public sealed record WebPage(HttpStatusCode Status, Uri Url, IHtmlDocument? Document, Uri? LeftTo)
{
    public string Text => Document?.Body?.TextContent ?? "";

    public bool Has(string text) => Text.Contains(text, StringComparison.Ordinal);

    public bool HasButton(string text) => Document?.QuerySelectorAll("button").Any(b => b.TextContent.Trim() == text) ?? false;

    /// <summary>The query (or fragment) parameters of the redirect back to the app.</summary>
    public Dictionary<string, string> Reply
    {
        get
        {
            var uri = LeftTo ?? throw new InvalidOperationException($"The flow did not return to the app; the page says: {Text.Trim()}");
            var part = uri.Fragment.Length > 1 ? uri.Fragment[1..] : uri.Query;
            return QueryHelpers.ParseQuery(part).ToDictionary(p => p.Key, p => p.Value.ToString());
        }
    }
}

/// <summary>
/// Drives the server's sign-in pages the way a person does without JavaScript: it follows redirects on
/// the server, fills inputs by their label, and presses buttons by their text. It stops when a redirect
/// leaves the server (back to the app). The browser tests in tests/js do the same in Chromium.
/// </summary>
public sealed class FormBrowser(SwitchboardServer server, CookieContainer cookies) : IDisposable
{
    private readonly HtmlParser parser = new();
    private HttpClient? client;

    public FormBrowser(SwitchboardServer server)
        : this(server, new CookieContainer())
    {
    }

    private HttpClient Client => client ??= server.CreateClient(cookies);

    public Task<WebPage> OpenAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, Absolute(url)));

    /// <summary>Fills the inputs labelled as in <paramref name="fields"/> (and ticks labelled checkboxes), then presses the button.</summary>
    public async Task<WebPage> SubmitAsync(WebPage page, string button, IReadOnlyDictionary<string, string>? fields = null, params string[] check)
    {
        var document = page.Document ?? throw new InvalidOperationException("No page to submit.");
        var pressed = document.QuerySelectorAll("button").OfType<IHtmlButtonElement>().FirstOrDefault(b => b.TextContent.Trim().StartsWith(button, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No button '{button}' on the page: {page.Text.Trim()}");
        var form = pressed.Form ?? throw new InvalidOperationException("The button is not in a form.");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input").OfType<IHtmlInputElement>())
        {
            var label = LabelOf(document, input);
            if (input.Type == "checkbox")
            {
                var ticked = label is not null && check.Contains(label) || (input.IsChecked && !(label is not null && check.Contains("!" + label)));
                if (ticked)
                {
                    values.Add(new(input.Name!, input.Value));
                }

                continue;
            }

            var value = label is not null && fields is not null && fields.TryGetValue(label, out var given) ? given : input.Value;
            values.Add(new(input.Name!, value ?? ""));
        }

        if (pressed.Name is not null)
        {
            values.Add(new(pressed.Name, pressed.Value));
        }

        var action = new Uri(page.Url, form.GetAttribute("action") ?? page.Url.ToString());
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(values) });
    }

    public void Dispose() => client?.Dispose();

    private static string? LabelOf(IDocument document, IElement input)
        => input.Id is null ? null : document.QuerySelector($"label[for='{input.Id}']")?.TextContent.Trim();

    private Uri Absolute(string url) => new(new Uri(server.Origin + "/"), url);

    /// <summary>Switchboard's own web apps live on the server's origin: a code or error sent to them ends the flow too.</summary>
    private static bool IsReturnToApp(Uri next)
        => !next.AbsolutePath.Contains("/oauth2/", StringComparison.Ordinal)
           && (next.Query.Contains("code=", StringComparison.Ordinal) || next.Query.Contains("error=", StringComparison.Ordinal));

    private async Task<WebPage> SendAsync(HttpRequestMessage request)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            using var response = await Client.SendAsync(request);
            var url = request.RequestUri!;
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (!next.GetLeftPart(UriPartial.Authority).Equals(server.Origin, StringComparison.OrdinalIgnoreCase) || IsReturnToApp(next))
                {
                    return new WebPage(response.StatusCode, url, null, next);
                }

                request = new HttpRequestMessage(HttpMethod.Get, next);
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            return new WebPage(response.StatusCode, url, parser.ParseDocument(html), null);
        }

        throw new InvalidOperationException("Too many redirects.");
    }
}
