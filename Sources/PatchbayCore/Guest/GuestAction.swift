/// One step the guest reconciler asks its executor to perform, in the order returned.
public enum GuestAction: Hashable, Sendable {
    /// Define the guest's domain from its XML.
    case define(uuid: String, name: String, xml: String)
    /// Start the guest's defined domain.
    case start(uuid: String, name: String)
    /// Power off a domain that must no longer exist.
    case destroy(uuid: String, name: String)
    /// Remove the definition of a domain that must no longer exist.
    case undefine(uuid: String, name: String)
    /// Power off a wanted guest its owner stopped; it stays defined and keeps its devices.
    case shutOff(uuid: String, name: String)
    /// Reboot a running guest: destroy and start when `hard`, else ask the guest to reboot.
    case reboot(uuid: String, name: String, hard: Bool)
    /// Hot plug one device element into the running domain (`live`) and/or its definition (`config`).
    case attachDevice(uuid: String, name: String, device: GuestNICDevice, live: Bool, config: Bool)
    /// Hot unplug one device element from the running domain (`live`) and/or its definition (`config`).
    case detachDevice(uuid: String, name: String, device: GuestNICDevice, live: Bool, config: Bool)

    /// The (lowercase) UUID of the domain this action is about.
    public var uuid: String {
        switch self {
        case .define(let uuid, _, _), .start(let uuid, _), .destroy(let uuid, _), .undefine(let uuid, _),
             .shutOff(let uuid, _), .reboot(let uuid, _, _), .attachDevice(let uuid, _, _, _, _),
             .detachDevice(let uuid, _, _, _, _):
            uuid
        }
    }

    /// The name of the domain this action is about.
    public var name: String {
        switch self {
        case .define(_, let name, _), .start(_, let name), .destroy(_, let name), .undefine(_, let name),
             .shutOff(_, let name), .reboot(_, let name, _), .attachDevice(_, let name, _, _, _),
             .detachDevice(_, let name, _, _, _):
            name
        }
    }

    /// True for the actions that remove a guest (`destroy`, `undefine`).
    public var isTeardown: Bool {
        switch self {
        case .destroy, .undefine: true
        default: false
        }
    }

    /// True for the actions that (re)boot the guest from its definition (`start`, `reboot`),
    /// which carry out any reboot asked before them.
    public var boots: Bool {
        switch self {
        case .start, .reboot: true
        default: false
        }
    }
}
