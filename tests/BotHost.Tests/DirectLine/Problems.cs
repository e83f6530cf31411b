namespace BotHost.Tests.DirectLine;

internal static class Problems
{
    /// <summary>An RFC 7807 problem that also carries Direct Line's <c>error: {code, message}</c>.</summary>
    public static async Task AssertAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await DirectLineHost.ReadJsonAsync(response);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        var error = problem.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(problem.GetProperty("detail").GetString(), error.GetProperty("message").GetString());
    }
}
