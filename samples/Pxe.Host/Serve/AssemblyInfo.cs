// pxe is a Linux tool: network namespaces, /proc/net, raw DHCP sockets bound to an interface, Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
