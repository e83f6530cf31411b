using System.Text.Json;
using System.Text.RegularExpressions;

namespace BotHost.Tests.Teams;

/// <summary>
/// JSON Schema draft-04 validation, for the keywords the Teams manifest schema uses (type, properties,
/// additionalProperties, required, enum, const, pattern, min/maxLength, min/maxItems, uniqueItems, minProperties,
/// minimum/maximum, items, $ref to #/definitions, anyOf/oneOf/allOf). JsonSchema.Net is on the registry but its
/// dependencies (JsonPointer.Net) are not, so the test carries this small one.
/// </summary>
public sealed class DraftFourValidator(JsonElement root)
{
    public List<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Check(root, instance, "$", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind != JsonValueKind.Object)
            return;
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()!), value, path, errors);
            return;
        }
        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
            errors.Add($"{path}: expected {type.GetRawText()}, got {value.ValueKind}");
        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
            errors.Add($"{path}: {value.GetRawText()} is not one of {options.GetRawText()}");
        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
            errors.Add($"{path}: must be {constant.GetRawText()}");

        if (value.ValueKind == JsonValueKind.String)
        {
            var s = value.GetString()!;
            var length = s.EnumerateRunes().Count();
            if (schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32())
                errors.Add($"{path}: longer than {max.GetInt32()}");
            if (schema.TryGetProperty("minLength", out var min) && length < min.GetInt32())
                errors.Add($"{path}: shorter than {min.GetInt32()}");
            if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(s, pattern.GetString()!))
                errors.Add($"{path}: '{s}' does not match {pattern.GetString()}");
        }
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (schema.TryGetProperty("maximum", out var max) && value.GetDouble() > max.GetDouble())
                errors.Add($"{path}: above {max.GetDouble()}");
            if (schema.TryGetProperty("minimum", out var min) && value.GetDouble() < min.GetDouble())
                errors.Add($"{path}: below {min.GetDouble()}");
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            var items = value.EnumerateArray().ToList();
            if (schema.TryGetProperty("maxItems", out var max) && items.Count > max.GetInt32())
                errors.Add($"{path}: more than {max.GetInt32()} items");
            if (schema.TryGetProperty("minItems", out var min) && items.Count < min.GetInt32())
                errors.Add($"{path}: fewer than {min.GetInt32()} items");
            if (schema.TryGetProperty("uniqueItems", out var unique) && unique.GetBoolean()
                && items.Select(i => i.GetRawText()).Distinct().Count() != items.Count)
                errors.Add($"{path}: items are not unique");
            if (schema.TryGetProperty("items", out var itemSchema))
            {
                for (var i = 0; i < items.Count; i++)
                    Check(itemSchema, items[i], $"{path}[{i}]", errors);
            }
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            var names = value.EnumerateObject().Select(p => p.Name).ToList();
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(r => !names.Contains(r)))
                    errors.Add($"{path}: '{name}' is required");
            }
            if (schema.TryGetProperty("minProperties", out var minProperties) && names.Count < minProperties.GetInt32())
                errors.Add($"{path}: fewer than {minProperties.GetInt32()} properties");
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                    Check(propertySchema, property.Value, $"{path}.{property.Name}", errors);
                else if (schema.TryGetProperty("additionalProperties", out var additional))
                {
                    if (additional.ValueKind == JsonValueKind.False)
                        errors.Add($"{path}: '{property.Name}' is not allowed");
                    else
                        Check(additional, property.Value, $"{path}.{property.Name}", errors);
                }
            }
        }
        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var s in allOf.EnumerateArray())
                Check(s, value, path, errors);
        }
        if (schema.TryGetProperty("anyOf", out var anyOf) && !anyOf.EnumerateArray().Any(s => Passes(s, value)))
            errors.Add($"{path}: matches none of anyOf");
        if (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Count(s => Passes(s, value)) != 1)
            errors.Add($"{path}: does not match exactly one of oneOf");
    }

    private bool Passes(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(schema, value, "", errors);
        return errors.Count == 0;
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
            throw new NotSupportedException($"Only local references are supported: {reference}");
        var node = root;
        foreach (var part in reference[2..].Split('/'))
            node = node.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        return node;
    }

    private static bool TypeMatches(JsonElement type, JsonElement value) =>
        type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => Is(t.GetString()!, value)) : Is(type.GetString()!, value);

    private static bool Is(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };
}
