using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Graph;

/// <summary>
/// Graph's JSON: camelCase, explicit <c>null</c> for absent optional values (graph-chat.md §1), and
/// instants in UTC with a <c>Z</c>, as Graph writes them.
/// </summary>
internal static class GraphJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public const string ContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";

    public static IResult Ok(object value, int status = 200) => new GraphJsonResult(value, status);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new UtcInstantConverter());
        options.Converters.Add(new NullableUtcInstantConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture).Replace(".Z", "Z", StringComparison.Ordinal);

    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.TokenType == JsonTokenType.String && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value.ToUniversalTime()
                : throw new JsonException("An ISO 8601 date and time is required.");

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(Format(value));
    }

    private sealed class NullableUtcInstantConverter : JsonConverter<DateTimeOffset?>
    {
        private static readonly UtcInstantConverter Inner = new();

        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(DateTimeOffset), options);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
        {
            if (value is { } instant)
            {
                writer.WriteStringValue(Format(instant));
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    private sealed class GraphJsonResult(object value, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = ContentType;
            await JsonSerializer.SerializeAsync(httpContext.Response.Body, value, value.GetType(), Options, httpContext.RequestAborted);
        }
    }
}
