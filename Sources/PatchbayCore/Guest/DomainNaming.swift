/// How Patchbay names the libvirt domains of its servers, so agents can tell them from others.
public enum DomainNaming {
    /// The prefix of every domain Patchbay defines.
    public static let prefix = "patchbay-"

    /// `patchbay-` and the first 8 characters of the server id.
    public static func name(for serverId: String) -> String {
        prefix + String(serverId.prefix(8))
    }
}
