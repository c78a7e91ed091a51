using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Switchboard.Storage;

internal static class ModelConventions
{
    /// <summary>
    /// Instants are stored as UTC ticks: SQLite has no date type it can compare or order, and every
    /// expiry check in the services is a comparison.
    /// </summary>
    public static void UseSwitchboardConventions(this ModelConfigurationBuilder builder)
    {
        builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
