using System.Security.Cryptography;
using System.Text;

namespace BotHost.Agents;

/// <summary>API tokens are stored as SHA-256 hashes: a database leak does not leak working tokens.</summary>
internal static class ApiTokens
{
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
