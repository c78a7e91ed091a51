using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Switchboard.Web.Samples;

/// <summary>Forwards <c>/samples/contoso/api/{rest}</c> to the sample's back end as <c>/api/{rest}</c> (part of the sample's host).</summary>
internal static class ContosoApiForwarder
{
    private static readonly HttpMessageInvoker Client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(60) };

    public static async Task ForwardAsync(HttpContext http, IHttpForwarder forwarder, ContosoBackend backend)
    {
        if (backend.Address is not { } address)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await http.Response.WriteAsJsonAsync(new { error = new { code = "SampleUnavailable", message = "The Contoso sample's back end is not running (Samples:Contoso:Enabled, node on the PATH)." } }, http.RequestAborted);
            return;
        }

        var error = await forwarder.SendAsync(http, address, Client, RequestConfig, new StripPrefix());
        if (error != ForwarderError.None && !http.Response.HasStarted)
        {
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            await http.Response.WriteAsJsonAsync(new { error = new { code = "SampleUnavailable", message = "The Contoso sample's back end did not answer." } }, http.RequestAborted);
        }
    }

    /// <summary>The back end serves <c>/api/...</c>; the browser calls it under the sample's path.</summary>
    private sealed class StripPrefix : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            var path = httpContext.Request.Path.Value!["/samples/contoso".Length..];
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, new PathString(path), httpContext.Request.QueryString);
            proxyRequest.Headers.Host = null;
        }
    }
}
