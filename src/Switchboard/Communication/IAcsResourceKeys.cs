namespace Switchboard.Communication;

/// <summary>
/// A resource's primary key by name, for the one caller that stands in for a customer's own back end
/// (the Contoso sample's host builds its connection string from it). Never logged.
/// </summary>
internal interface IAcsResourceKeys
{
    Task<string?> FindPrimaryKeyAsync(string resourceName, CancellationToken cancellationToken);
}
