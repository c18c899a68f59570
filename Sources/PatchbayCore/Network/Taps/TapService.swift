/// A TaaS tap service: the port mirrored traffic is delivered to (the probe).
public struct TapService: Sendable, Codable, Hashable, Identifiable {
    /// The service's UUID.
    public var id: String
    /// The owning project (`tenant_id` on the wire).
    public var projectId: String
    /// Display name.
    public var name: String
    /// Free-form description.
    public var description: String
    /// The destination port.
    public var portId: String

    /// Creates a tap service.
    public init(id: String, projectId: String, name: String = "", description: String = "", portId: String) {
        self.id = id
        self.projectId = projectId
        self.name = name
        self.description = description
        self.portId = portId
    }
}

/// The states of a tap resource: `DOWN` until the agent has programmed it.
public enum TapStatus: String, Sendable, Codable, Hashable {
    /// Not (yet) programmed.
    case down = "DOWN"
    /// Programmed on every host it needs.
    case active = "ACTIVE"
    /// An agent failed to program it.
    case error = "ERROR"
}
