namespace Switchboard.Storage;

/// <summary>Which database backs every service. SQLite in the data folder is the embedded default.</summary>
internal sealed record StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>sqlite</c> (default). PostgreSQL for clusters arrives with its own issue.</summary>
    public string Provider { get; init; } = "sqlite";

    /// <summary>Empty: <c>{data}/switchboard.db</c>.</summary>
    public string? ConnectionString { get; init; }
}
