using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Chat.Api;

/// <summary>JSON the server stored itself (mentions, attachments, event details), written back as is.</summary>
[JsonConverter(typeof(RawJsonConverter))]
internal readonly record struct RawJson(string Json)
{
    public static readonly RawJson EmptyArray = new("[]");

    private sealed class RawJsonConverter : JsonConverter<RawJson>
    {
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return new RawJson(document.RootElement.GetRawText());
        }

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options)
            => writer.WriteRawValue(value.Json ?? "null", skipInputValidation: true);
    }
}
