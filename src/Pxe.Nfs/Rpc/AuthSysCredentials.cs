using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Pxe.Nfs;

/// <summary>
/// A view of an AUTH_SYS credential body (RFC 5531 Appendix A):
/// <code>
/// struct authsys_parms {
///    unsigned int stamp;
///    string machinename&lt;255&gt;;
///    unsigned int uid;
///    unsigned int gid;
///    unsigned int gids&lt;16&gt;;
/// };
/// </code>
/// </summary>
[DebuggerDisplay("uid={Uid} gid={Gid} groups={GroupCount}")]
public readonly ref struct AuthSysCredentials
{
    private readonly ReadOnlySpan<byte> _groups;

    private AuthSysCredentials(uint stamp, ReadOnlySpan<byte> machineName, uint uid, uint gid, ReadOnlySpan<byte> groups)
    {
        Stamp = stamp;
        MachineName = machineName;
        Uid = uid;
        Gid = gid;
        _groups = groups;
    }

    /// <summary>The client's arbitrary stamp.</summary>
    public uint Stamp { get; }

    /// <summary>The client's machine name (bytes, at most 255).</summary>
    public ReadOnlySpan<byte> MachineName { get; }

    /// <summary>The caller's user id.</summary>
    public uint Uid { get; }

    /// <summary>The caller's primary group id.</summary>
    public uint Gid { get; }

    /// <summary>How many supplementary groups follow (at most 16).</summary>
    public int GroupCount => _groups.Length / 4;

    /// <summary>The supplementary group at <paramref name="index"/>.</summary>
    public uint GetGroup(int index) => BinaryPrimitives.ReadUInt32BigEndian(_groups.Slice(index * 4, 4));

    /// <summary>Reads the credential from its body; the whole body must be consumed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out AuthSysCredentials credentials)
    {
        var reader = new XdrReader(body);
        credentials = default;
        if (!reader.TryReadUInt32(out uint stamp)
            || !reader.TryReadString(RpcLimits.MaxMachineNameLength, out ReadOnlySpan<byte> name)
            || !reader.TryReadUInt32(out uint uid)
            || !reader.TryReadUInt32(out uint gid)
            || !reader.TryReadUInt32(out uint count)
            || count > RpcLimits.MaxAuthSysGroups
            || !reader.TryReadFixedOpaque((int)count * 4, out ReadOnlySpan<byte> groups)
            || reader.Remaining != 0)
        {
            return false;
        }

        credentials = new AuthSysCredentials(stamp, name, uid, gid, groups);
        return true;
    }

    /// <summary>Writes a credential body (for clients).</summary>
    public static void Write(ref XdrWriter writer, uint stamp, scoped ReadOnlySpan<byte> machineName, uint uid, uint gid, scoped ReadOnlySpan<uint> groups)
    {
        writer.WriteUInt32(stamp);
        writer.WriteString(machineName);
        writer.WriteUInt32(uid);
        writer.WriteUInt32(gid);
        writer.WriteUInt32((uint)groups.Length);
        foreach (uint g in groups)
        {
            writer.WriteUInt32(g);
        }
    }
}

/// <summary>The caller identity a procedure sees: the AUTH_SYS ids (or "nobody" for AUTH_NONE) after no squashing.</summary>
[DebuggerDisplay("{Flavor} uid={Uid} gid={Gid}")]
public struct RpcCaller
{
    /// <summary>The user id that AUTH_NONE callers get (65534, "nobody").</summary>
    public const uint NobodyId = 65534;

    private GroupBuffer _groups;

    /// <summary>The credential flavor.</summary>
    public AuthFlavor Flavor { get; set; }

    /// <summary>The user id.</summary>
    public uint Uid { get; set; }

    /// <summary>The primary group id.</summary>
    public uint Gid { get; set; }

    /// <summary>How many supplementary groups are set.</summary>
    public int GroupCount { get; private set; }

    /// <summary>The supplementary group at <paramref name="index"/>.</summary>
    public readonly uint GetGroup(int index) => _groups[index];

    /// <summary>Adds a supplementary group (at most 16; later ones are ignored).</summary>
    public void AddGroup(uint gid)
    {
        if (GroupCount < RpcLimits.MaxAuthSysGroups)
        {
            _groups[GroupCount++] = gid;
        }
    }

    /// <summary>Removes every supplementary group.</summary>
    public void ClearGroups() => GroupCount = 0;

    /// <summary>Whether the caller is in group <paramref name="gid"/> (primary or supplementary).</summary>
    public readonly bool InGroup(uint gid)
    {
        if (Gid == gid)
        {
            return true;
        }

        for (int i = 0; i < GroupCount; i++)
        {
            if (_groups[i] == gid)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A caller with only a uid and gid.</summary>
    public static RpcCaller Create(AuthFlavor flavor, uint uid, uint gid) => new() { Flavor = flavor, Uid = uid, Gid = gid };

    [InlineArray(RpcLimits.MaxAuthSysGroups)]
    private struct GroupBuffer
    {
        private uint _element0;
    }
}
