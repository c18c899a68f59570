/// A Nova server (instance) and what Patchbay did to build it.
public struct Server: Sendable, Codable, Hashable, Identifiable {
    /// Server UUID.
    public var id: String
    /// Owning project.
    public var projectId: String
    /// The user who created it.
    public var userId: String
    /// Display name.
    public var name: String
    /// The flavor it was booted with (a copy, as Nova embeds it).
    public var flavor: Flavor
    /// The opaque image reference.
    public var imageRef: String
    /// BUILD, ACTIVE or ERROR.
    public var status: ServerStatus
    /// The host it landed on, once placed.
    public var host: String?
    /// The ports attached, in order.
    public var ports: [ServerPort]
    /// PCI devices claimed for flavor aliases (port devices are on `ports`).
    public var aliasDevices: [PCIAddress]
    /// Why the build failed, when status is ERROR.
    public var fault: ServerFault?
    /// The libvirt domain definition rendered for the host's agent.
    public var domainXML: String?
    /// What is under way: `spawning` while a placed server waits for its host's agent to start
    /// the guest and bring its ports up; nil otherwise.
    public var taskState: String?
    /// Creation and update times and revision.
    public var audit: AuditStamp

    /// Creates a server in BUILD.
    public init(id: String, projectId: String, userId: String, name: String, flavor: Flavor, imageRef: String,
                status: ServerStatus = .build, host: String? = nil, ports: [ServerPort] = [], aliasDevices: [PCIAddress] = [],
                fault: ServerFault? = nil, domainXML: String? = nil, audit: AuditStamp) {
        self.id = id
        self.projectId = projectId
        self.userId = userId
        self.name = name
        self.flavor = flavor
        self.imageRef = imageRef
        self.status = status
        self.host = host
        self.ports = ports
        self.aliasDevices = aliasDevices
        self.fault = fault
        self.domainXML = domainXML
        self.audit = audit
    }
}

/// A server's lifecycle status.
public enum ServerStatus: String, Sendable, Codable, Hashable {
    case build = "BUILD", active = "ACTIVE", error = "ERROR"
}

/// One NIC of a server: the port, whether Patchbay created it, and its device if any.
public struct ServerPort: Sendable, Codable, Hashable {
    /// The Neutron port id.
    public var portId: String
    /// True when the server's boot created the port (deleted with the server).
    public var createdByBoot: Bool
    /// The PCI device claimed for it, if it is an SR-IOV port.
    public var device: PCIAddress?

    /// Creates a record.
    public init(portId: String, createdByBoot: Bool, device: PCIAddress? = nil) {
        self.portId = portId
        self.createdByBoot = createdByBoot
        self.device = device
    }
}

/// Nova's `fault`: why a server is in ERROR.
public struct ServerFault: Sendable, Codable, Hashable {
    /// 500 for build failures, as Nova reports them.
    public var code: Int
    /// The explanation.
    public var message: String
    /// When it happened (Unix seconds).
    public var created: Int64

    /// Creates a fault.
    public init(code: Int, message: String, created: Int64) {
        self.code = code
        self.message = message
        self.created = created
    }
}
