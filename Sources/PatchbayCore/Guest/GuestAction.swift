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

    /// The (lowercase) UUID of the domain this action is about.
    public var uuid: String {
        switch self {
        case .define(let uuid, _, _), .start(let uuid, _), .destroy(let uuid, _), .undefine(let uuid, _): uuid
        }
    }

    /// The name of the domain this action is about.
    public var name: String {
        switch self {
        case .define(_, let name, _), .start(_, let name), .destroy(_, let name), .undefine(_, let name): name
        }
    }
}
