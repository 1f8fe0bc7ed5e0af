using Microsoft.Extensions.Options;

namespace Pxe.Initcpio;

/// <summary>Validates <see cref="InitcpioOptions"/>: data annotations (source-generated) plus the cross-field rules.</summary>
[OptionsValidator]
internal sealed partial class InitcpioOptionsAnnotationsValidator : IValidateOptions<InitcpioOptions>
{
}

/// <summary>Cross-field rules of <see cref="InitcpioOptions"/>.</summary>
internal sealed class InitcpioOptionsValidator : IValidateOptions<InitcpioOptions>
{
    public ValidateOptionsResult Validate(string? name, InitcpioOptions options)
    {
        var failures = new List<string>();
        if (options.Modules.Count > 0 && string.IsNullOrEmpty(options.KernelRoot))
        {
            failures.Add($"{InitcpioOptions.SectionName}:Modules needs {InitcpioOptions.SectionName}:KernelRoot");
        }

        foreach (string hook in options.Hooks)
        {
            if (PxeHooks.Find(hook) is null)
            {
                failures.Add($"{InitcpioOptions.SectionName}:Hooks names unknown hook '{hook}' (known: {string.Join(", ", PxeHooks.Names)})");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
