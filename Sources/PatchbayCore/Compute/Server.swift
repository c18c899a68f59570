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
    /// Nova's vm_state.
    public var vmState: VMState
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
    /// Nova's task_state: what is under way, nil when nothing is.
    public var taskState: TaskState?
    /// Which server process drives the build and until when, while a build step runs; recovery
    /// undoes only builds whose lease has run out.
    public var lease: BuildLease?
    /// The reboots asked so far (the desired state carries them to the agent); nil when none.
    public var reboot: AssignedGuest.Reboot?
    /// The metadata, user data and config drive choice its creator gave (nil on servers stored
    /// before they were kept, which had none).
    public var guestData: GuestData?
    /// The root disk and config drive its host lays out, fixed when the build finished (nil
    /// before, and for a guest with neither).
    public var storage: GuestStorage?
    /// Creation and update times and revision.
    public var audit: AuditStamp

    /// Creates a server, by default building and waiting to be scheduled.
    public init(id: String, projectId: String, userId: String, name: String, flavor: Flavor, imageRef: String,
                vmState: VMState = .building, taskState: TaskState? = .scheduling, host: String? = nil, ports: [ServerPort] = [], aliasDevices: [PCIAddress] = [],
                fault: ServerFault? = nil, domainXML: String? = nil, audit: AuditStamp) {
        self.id = id
        self.projectId = projectId
        self.userId = userId
        self.name = name
        self.flavor = flavor
        self.imageRef = imageRef
        self.vmState = vmState
        self.taskState = taskState
        self.host = host
        self.ports = ports
        self.aliasDevices = aliasDevices
        self.fault = fault
        self.domainXML = domainXML
        self.audit = audit
    }
}

extension Server {
    /// The lifecycle pair transitions compare and swap.
    public var lifecycle: LifecycleState {
        get { LifecycleState(vmState, taskState) }
        set {
            vmState = newValue.vmState
            taskState = newValue.taskState
        }
    }

    /// Nova's `status` (BUILD, ACTIVE, SHUTOFF, REBOOT, HARD_REBOOT, ERROR).
    public var novaStatus: String { lifecycle.novaStatus }

    /// True once its owner deleted it: hidden from lists, on its way out.
    public var isDeleting: Bool { taskState == .deleting }

    /// True when a build step may be running for it now: building, not yet handed to the agent,
    /// and under an unexpired lease.
    public func isBuildLeased(at now: Int64) -> Bool {
        guard let lease, vmState == .building, taskState != .spawning else { return false }
        return lease.expiresAt > now
    }
}

/// Who drives a build and until when: the owning server process renews it at every step.
public struct BuildLease: Sendable, Codable, Hashable {
    /// The server process (a random id per start).
    public var owner: String
    /// Unix seconds after which another process may take the build over and undo it.
    public var expiresAt: Int64

    /// Creates a lease.
    public init(owner: String, expiresAt: Int64) {
        self.owner = owner
        self.expiresAt = expiresAt
    }
}

/// One NIC of a server: the port, whether Patchbay created it, its device if any, and where a
/// hot plug of it stands. The flags live on the server row, so recovery and the agent's reports
/// finish what a crashed request began.
public struct ServerPort: Sendable, Codable, Hashable {
    /// The Neutron port id.
    public var portId: String
    /// True when Patchbay created the port for the server (at boot, or by an attach by network):
    /// it is deleted when the server is, or when it is detached.
    public var createdByBoot: Bool
    /// The PCI device claimed for it, if it is an SR-IOV port.
    public var device: PCIAddress?
    /// True from an attach's claim until its port is bound and the domain carries it.
    public var attaching: Bool
    /// While `attaching`: Unix seconds after which recovery takes the attach for stranded (its
    /// server process died) and undoes it.
    public var attachExpiresAt: Int64?
    /// True from a detach until the host's agent reports the domain without it; the interface is
    /// gone from the rendered domain, but its device and binding are held until then.
    public var detaching: Bool

    /// Creates a record.
    public init(portId: String, createdByBoot: Bool, device: PCIAddress? = nil, attaching: Bool = false, detaching: Bool = false) {
        self.portId = portId
        self.createdByBoot = createdByBoot
        self.device = device
        self.attaching = attaching
        self.detaching = detaching
    }

    private enum CodingKeys: String, CodingKey {
        case portId, createdByBoot, device, attaching, detaching, attachExpiresAt
    }

    /// Decodes a record; rows written before hot plug have neither flag.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(portId: try container.decode(String.self, forKey: .portId),
                  createdByBoot: try container.decode(Bool.self, forKey: .createdByBoot),
                  device: try container.decodeIfPresent(PCIAddress.self, forKey: .device),
                  attaching: try container.decodeIfPresent(Bool.self, forKey: .attaching) ?? false,
                  detaching: try container.decodeIfPresent(Bool.self, forKey: .detaching) ?? false)
        attachExpiresAt = try container.decodeIfPresent(Int64.self, forKey: .attachExpiresAt)
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
