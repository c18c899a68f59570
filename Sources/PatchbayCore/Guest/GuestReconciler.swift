/// A guest the server wants on this host: the server's UUID, its domain name, its domain XML,
/// the power state its owner asked for and the reboots asked so far.
public struct DesiredGuest: Hashable, Sendable {
    /// The server UUID, which is also the domain UUID.
    public var uuid: String
    /// The domain name; starts with ``GuestReconciler/managedPrefix``.
    public var name: String
    /// The full libvirt domain XML (from ``DomainXML/render(_:)``).
    public var domainXML: String
    /// Whether the domain should run or stay defined but shut off.
    public var power: AssignedGuest.Power
    /// The reboots asked so far.
    public var reboot: AssignedGuest.Reboot
    /// The files laid out before the domain is defined; nil when there are none.
    public var storage: GuestStorage?

    /// Creates a desired guest.
    public init(uuid: String, name: String, domainXML: String, power: AssignedGuest.Power = .running,
                reboot: AssignedGuest.Reboot = AssignedGuest.Reboot(), storage: GuestStorage? = nil) {
        self.storage = storage
        self.uuid = uuid
        self.name = name
        self.domainXML = domainXML
        self.power = power
        self.reboot = reboot
    }
}

/// Guest lifecycle as a pure function: desired guests and actual domains in, actions out.
///
/// Rules, comparing UUIDs case-insensitively:
/// - a domain named with ``managedPrefix`` whose UUID is not desired gets `destroy` (only when
///   active) then `undefine`; these come first, so names, memory and passed-through devices are
///   free before new guests are defined;
/// - then each desired guest that must run: absent gets `define` then `start`; defined but
///   inactive gets `start`; active gets nothing. One that must stay shut off: absent gets
///   `define`; active gets `shutOff`; defined and inactive gets nothing;
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
        for domain in unwanted(desired: desired, actual: actual) {
            let uuid = domain.uuid.lowercased()
            if domain.isActive { actions.append(.destroy(uuid: uuid, name: domain.name)) }
            actions.append(.undefine(uuid: uuid, name: domain.name))
        }
        for (uuid, guest) in wanted.sorted(by: { $0.key < $1.key }) {
            let runs = guest.power == .running
            switch existing[uuid] {
            case nil:
                actions.append(.define(uuid: uuid, name: guest.name, xml: guest.domainXML))
                if runs { actions.append(.start(uuid: uuid, name: guest.name)) }
            case let domain? where !domain.isActive && runs:
                actions.append(.start(uuid: uuid, name: domain.name))
            case let domain? where domain.isActive && !runs:
                actions.append(.shutOff(uuid: uuid, name: domain.name))
            default:
                break
            }
        }
        return actions
    }

    /// The managed domains no desired guest names, in UUID order: what a pass tears down.
    public static func unwanted(desired: [DesiredGuest], actual: [GuestDomainState]) -> [GuestDomainState] {
        let wanted = Set(desired.map { $0.uuid.lowercased() })
        return actual.filter { $0.name.hasPrefix(managedPrefix) && !wanted.contains($0.uuid.lowercased()) }
            .sorted { $0.uuid.lowercased() < $1.uuid.lowercased() }
    }

    /// The `retiring` server ids of which no domain is left once `performed` succeeded over
    /// `actual`: never defined here, or undefined in this pass. In the order given.
    public static func absent(retiring: [String], actual: [GuestDomainState], performed: [GuestAction]) -> [String] {
        let present = Set(actual.map { $0.uuid.lowercased() })
        let undefined = Set(performed.compactMap { if case .undefine(let uuid, _) = $0 { uuid.lowercased() } else { nil } })
        return retiring.filter { !present.contains($0.lowercased()) || undefined.contains($0.lowercased()) }
    }
}
