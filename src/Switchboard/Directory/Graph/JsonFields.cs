using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>Typed reads of a JSON body's properties; a wrong type is Graph's 400, never an exception.</summary>
internal static class JsonFields
{
    public static bool Has(JsonObject body, string name) => body.ContainsKey(name);

    public static (string? Value, GraphError? Error) String(JsonObject body, string name, string? path = null)
    {
        var node = body[name];
        if (node is null)
        {
            return (null, null);
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? (value.GetValue<string>(), null)
            : (null, GraphErrors.InvalidValue(path ?? name));
    }

    public static (bool? Value, GraphError? Error) Bool(JsonObject body, string name)
    {
        var node = body[name];
        if (node is null)
        {
            return (null, null);
        }

        return node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? (value.GetValue<bool>(), null)
            : (null, GraphErrors.InvalidValue(name));
    }

    public static (JsonObject? Value, GraphError? Error) Object(JsonObject body, string name)
    {
        var node = body[name];
        return node switch
        {
            null => (null, null),
            JsonObject o => (o, null),
            _ => (null, GraphErrors.InvalidValue(name)),
        };
    }

    public static (List<string>? Value, GraphError? Error) Strings(JsonObject body, string name, string? path = null)
    {
        var node = body[name];
        if (node is null)
        {
            return (null, null);
        }

        if (node is not JsonArray array)
        {
            return (null, GraphErrors.InvalidValue(path ?? name));
        }

        var list = new List<string>();
        foreach (var item in array)
        {
            if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                return (null, GraphErrors.InvalidValue(path ?? name));
            }

            list.Add(v.GetValue<string>());
        }

        return (list, null);
    }

    public static (Guid? Value, GraphError? Error) Id(JsonObject body, string name)
    {
        var (text, error) = String(body, name);
        if (error is not null || text is null)
        {
            return (null, error);
        }

        return Guid.TryParse(text, out var id) ? (id, null) : (null, GraphErrors.InvalidValue(name));
    }
}
