using System.Data;
using Dapper;

namespace Handover.Persistence;

/// <summary>
/// Named parameters handed to the provider as plain name and value, for statements with many of them (a turn has
/// fifty). Dapper's <see cref="DynamicParameters"/> reads each parameter's DbType back after setting its value, which
/// Npgsql answers by resolving the type through its global mapper, uncached: measured, that was 6 % of the host's CPU
/// in the Twilio benchmark. Here the provider infers the type once, when it binds (SQL casts pin it where a null
/// could be ambiguous).
/// </summary>
public sealed class PlainParameters : SqlMapper.IDynamicParameters
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public void Add(string name, object? value) => _values[name] = value;

    void SqlMapper.IDynamicParameters.AddParameters(IDbCommand command, SqlMapper.Identity identity)
    {
        foreach (var (name, value) in _values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }
}
