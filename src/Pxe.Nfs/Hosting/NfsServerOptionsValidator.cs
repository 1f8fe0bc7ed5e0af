using Microsoft.Extensions.Options;

namespace Pxe.Nfs;

/// <summary>Validates <see cref="NfsServerOptions"/> (generated from the data annotations).</summary>
[OptionsValidator]
internal sealed partial class NfsServerOptionsValidator : IValidateOptions<NfsServerOptions>
{
}

/// <summary>Checks what annotations cannot: exports are present, unique and resolvable; the address parses.</summary>
internal sealed class NfsExportsValidator(INfsFileSystemProvider? provider = null) : IValidateOptions<NfsServerOptions>
{
    private readonly INfsFileSystemProvider? _provider = provider;

    public ValidateOptionsResult Validate(string? name, NfsServerOptions options)
    {
        var failures = new List<string>();
        if (options.Exports.Count == 0)
        {
            failures.Add("Pxe:Nfs needs at least one export.");
        }

        if (options.Exports.Count > byte.MaxValue)
        {
            failures.Add("Pxe:Nfs supports at most 255 exports.");
        }

        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"Pxe:Nfs:ListenAddress '{options.ListenAddress}' is not an IP address.");
        }

        if (options.AttributeCacheLifetime < TimeSpan.Zero)
        {
            failures.Add($"Pxe:Nfs:AttributeCacheLifetime must not be negative (got {options.AttributeCacheLifetime}).");
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (NfsExport export in options.Exports)
        {
            if (_provider is null && (string.IsNullOrEmpty(export.Directory) || !Directory.Exists(export.Directory)))
            {
                failures.Add($"Export directory '{export.Directory}' does not exist.");
            }

            if (!export.EffectivePath.StartsWith('/'))
            {
                failures.Add($"Export path '{export.EffectivePath}' must be absolute.");
            }

            if (!paths.Add(export.EffectivePath))
            {
                failures.Add($"Export path '{export.EffectivePath}' is listed twice.");
            }

            foreach (string cidr in export.AllowedClients)
            {
                if (!System.Net.IPNetwork.TryParse(cidr, out _) && !System.Net.IPAddress.TryParse(cidr, out _))
                {
                    failures.Add($"'{cidr}' is not a CIDR network.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
