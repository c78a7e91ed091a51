using System.Text.Json;

namespace Switchboard.Graph;

/// <summary>
/// Reads a request body as JSON. Bad JSON, a wrong type or an oversized body are Graph 400/413 values,
/// never exceptions: minimal APIs' own binding would answer in another shape.
/// </summary>
internal static class GraphBody
{
    public const int MaxBytes = 256 * 1024;

    public static async Task<(T? Value, GraphError? Error)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, GraphErrors.TooLarge(MaxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, GraphErrors.TooLarge(MaxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, GraphErrors.InvalidBody("the body is empty; a JSON object is required."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), GraphJson.Options);
            return value is null ? (null, GraphErrors.InvalidBody("a JSON object is required.")) : (value, null);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : string.Empty;
            return (null, GraphErrors.InvalidBody($"malformed JSON or a value of the wrong type{where}."));
        }
    }
}
