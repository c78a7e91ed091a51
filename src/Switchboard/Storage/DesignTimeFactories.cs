using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Switchboard.Directory;
using Switchboard.Hosting;
using Switchboard.Login.Storage;

namespace Switchboard.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build each service's context without starting the server.</summary>
internal sealed class DirectoryDbDesignFactory : IDesignTimeDbContextFactory<DirectoryDb>
{
    public DirectoryDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<DirectoryDb>();
        options.UseSwitchboardStorage(new SwitchboardOptions { DataDirectory = Path.GetTempPath() }, new StorageOptions(), nameof(DirectoryDb));
        return new(options.Options);
    }
}

internal sealed class LoginDbDesignFactory : IDesignTimeDbContextFactory<LoginDb>
{
    public LoginDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<LoginDb>();
        options.UseSwitchboardStorage(new SwitchboardOptions { DataDirectory = Path.GetTempPath() }, new StorageOptions(), nameof(LoginDb));
        return new(options.Options);
    }
}

internal sealed class CommunicationDbDesignFactory : IDesignTimeDbContextFactory<Communication.Storage.CommunicationDb>
{
    public Communication.Storage.CommunicationDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<Communication.Storage.CommunicationDb>();
        options.UseSwitchboardStorage(new SwitchboardOptions { DataDirectory = Path.GetTempPath() }, new StorageOptions(), nameof(Communication.Storage.CommunicationDb));
        return new(options.Options);
    }
}

internal sealed class ChatDbDesignFactory : IDesignTimeDbContextFactory<Chat.Storage.ChatDb>
{
    public Chat.Storage.ChatDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<Chat.Storage.ChatDb>();
        options.UseSwitchboardStorage(new SwitchboardOptions { DataDirectory = Path.GetTempPath() }, new StorageOptions(), nameof(Chat.Storage.ChatDb), Durability.Synchronous);
        return new(options.Options);
    }
}

internal sealed class CallingDbDesignFactory : IDesignTimeDbContextFactory<Calling.Storage.CallingDb>
{
    public Calling.Storage.CallingDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<Calling.Storage.CallingDb>();
        options.UseSwitchboardStorage(new SwitchboardOptions { DataDirectory = Path.GetTempPath() }, new StorageOptions(), nameof(Calling.Storage.CallingDb));
        return new(options.Options);
    }
}
