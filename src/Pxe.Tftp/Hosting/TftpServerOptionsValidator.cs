using Microsoft.Extensions.Options;

namespace Pxe.Tftp;

/// <summary>Validates <see cref="TftpServerOptions"/> from its data annotations (source-generated).</summary>
[OptionsValidator]
internal sealed partial class TftpServerOptionsValidator : IValidateOptions<TftpServerOptions>
{
}
