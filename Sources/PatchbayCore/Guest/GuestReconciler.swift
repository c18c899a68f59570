/// A guest the server wants on this host: the server's UUID, its domain name and its domain XML.
public struct DesiredGuest: Hashable, Sendable {
    /// The server UUID, which is also the domain UUID.
    public var uuid: String
    /// The domain name; starts with ``GuestReconciler/managedPrefix``.
    public var name: String
    /// The full libvirt domain XML (from ``DomainXML/render(_:)``).
    public var domainXML: String

    /// Creates a desired guest.
    public init(uuid: String, name: String, domainXML: String) {
        self.uuid = uuid
        self.name = name
        self.domainXML = domainXML
    }
}

/// Guest lifecycle as a pure function: desired guests and actual domains in, actions out.
///
/// Rules, comparing UUIDs case-insensitively:
/// - a domain named with ``managedPrefix`` whose UUID is not desired gets `destroy` (only when
///   active) then `undefine`; these come first, so names, memory and passed-through devices are
///   free before new guests are defined;
/// - then each desired guest: absent gets `define` then `start`; defined but inactive gets
///   `start`; active gets nothing;
/// - a domain without the prefix is never touched (the operator's, or `test:///default`'s `test`).
///
/// Within each group actions come in UUID order. A UUID desired twice keeps its first entry.
public enum GuestReconciler {
    /// The name prefix that marks a domain as Patchbay's to manage.
    public static let managedPrefix = DomainNaming.prefix

    /// The actions that bring `actual` to `desired`.
    public static func actions(desired: [DesiredGuest], actual: [GuestDomainState]) -> [GuestAction] {
        var wanted: [String: DesiredGuest] = [:]
        for guest in desired where wanted[guest.uuid.lowercased()] == nil {
            wanted[guest.uuid.lowercased()] = guest
        }
        var existing: [String: GuestDomainState] = [:]
        for domain in actual { existing[domain.uuid.lowercased()] = domain }

        var actions: [GuestAction] = []
        let stale = existing.values.filter { $0.name.hasPrefix(managedPrefix) && wanted[$0.uuid.lowercased()] == nil }
        for domain in stale.sorted(by: { $0.uuid.lowercased() < $1.uuid.lowercased() }) {
            let uuid = domain.uuid.lowercased()
            if domain.isActive { actions.append(.destroy(uuid: uuid, name: domain.name)) }
            actions.append(.undefine(uuid: uuid, name: domain.name))
        }
        for (uuid, guest) in wanted.sorted(by: { $0.key < $1.key }) {
            switch existing[uuid] {
            case nil:
                actions.append(.define(uuid: uuid, name: guest.name, xml: guest.domainXML))
                actions.append(.start(uuid: uuid, name: guest.name))
            case let domain? where !domain.isActive:
                actions.append(.start(uuid: uuid, name: domain.name))
            default:
                break
            }
        }
        return actions
    }
}
