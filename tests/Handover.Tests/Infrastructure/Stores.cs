namespace Handover.Tests.Infrastructure;

/// <summary>The two supported databases; integration tests run on both.</summary>
public enum Store
{
    Sqlite,
    Postgres,
}

public static class Stores
{
    public static TheoryData<Store> Both => new() { Store.Sqlite, Store.Postgres };
}
