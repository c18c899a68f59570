/// Neutron's default policy for the networking resources, as pure decisions. Handlers call it
/// for every action; the API turns a denial into 403, or 404 when the caller cannot see the
/// resource at all.
public enum NetworkPolicy {
    /// Attributes only admins may set or read on networks.
    public static let adminOnlyNetworkAttributes: Set<String> = [
        "provider:network_type", "provider:physical_network", "provider:segmentation_id", "shared",
        "router:external", "segments",
    ]
    /// Network attributes every caller may read.
    public static let adminOnlyNetworkReads: Set<String> = [
        "provider:network_type", "provider:physical_network", "provider:segmentation_id", "segments",
    ]
    /// Port attributes that only admin or service may read (stripped for others).
    public static let bindingReads: Set<String> = [
        "binding:host_id", "binding:profile", "binding:vif_type", "binding:vif_details", "binding:failure_reason",
    ]
    /// Port attributes that only admin or service may write.
    public static let bindingWrites: Set<String> = ["binding:host_id", "binding:profile"]

    /// Whether the caller may see a resource owned by `projectId` (shared networks are public).
    public static func canSee(_ caller: Caller, projectId: String, shared: Bool = false) -> Bool {
        caller.canRead && (caller.isAdmin || caller.isService || shared || caller.projectId == projectId)
    }

    /// Throws 403 unless the caller may write (create, update, delete) in its project.
    public static func requireWrite(_ caller: Caller, action: String) throws {
        guard caller.canWrite else { throw PatchbayError.policyNotAuthorized(action) }
    }

    /// Throws 403 when a non-admin sets one of the admin-only attributes.
    public static func requireAdmin(for attributes: some Sequence<String>, restricted: Set<String>,
                                    caller: Caller, action: String) throws {
        guard !caller.isAdmin else { return }
        if let attribute = attributes.first(where: restricted.contains) {
            throw PatchbayError.policyNotAuthorized("\(action):\(attribute)")
        }
    }

    /// Removes the keys the caller may not read.
    public static func strip(_ attributes: inout [String: JSONValue], hidden: Set<String>) {
        for key in hidden { attributes.removeValue(forKey: key) }
    }
}
