using Microsoft.Extensions.Options;

namespace Pxe.Dhcp;

/// <summary>Validates <see cref="DhcpServerOptions"/> at start (addresses parse, the range is inside one subnet, hosts are complete).</summary>
internal sealed class DhcpServerOptionsValidator : IValidateOptions<DhcpServerOptions>
{
    public ValidateOptionsResult Validate(string? name, DhcpServerOptions options)
    {
        IReadOnlyList<string> errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
