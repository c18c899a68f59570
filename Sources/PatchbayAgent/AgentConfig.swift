import Foundation
import PatchbayConfig
import PatchbayCore

/// Everything `patchbay agent` is configured with.
public struct AgentConfig: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:9696`.
    public var serverURL: String
    /// This host's name: `binding:host_id` of its ports and the compute host name.
    public var host: String
    /// Seconds between heartbeats (Neutron's `report_interval`).
    public var reportInterval: Double = 30
    /// Seconds between polls of the desired state.
    public var pollInterval: Double = 2
    /// Where the VF journal and the last desired state are kept across restarts.
    public var stateDirectory: String = "/var/lib/patchbay/agent"
    /// The directory that contains `sys/` (`/` on a host; a fixture tree in tests).
    public var sysfsRoot: String = "/"
    /// The libvirt connection URI (`qemu:///system` in production, `test:///default` in tests).
    public var libvirtURI: String = "qemu:///system"
    /// The network namespace the host's links live in; nil for the agent's own (production).
    public var namespace: String?
    /// The bpffs directory for the VLAN access programs.
    public var programDirectory: String = "/sys/fs/bpf/patchbay"
    /// Service credentials; nil when the server runs without authentication.
    public var credentials: AgentCredentials?
    /// The physnet mappings the agent reports and wires by.
    public var mappings = AgentMappings()
    /// This host's VXLAN tunnel endpoint address; VXLAN ports need it.
    public var tunnelingIP: String?
    /// The interface VXLAN traffic leaves by, if it must be pinned.
    public var tunnelInterface: String?
    /// CPUs and memory offered to guests, as reported to the scheduler.
    public var vcpus: Int = 0
    /// Memory offered to guests in MB.
    public var memoryMB: Int = 0
    /// The most guests one pass may tear down that the desired state neither wants nor retires
    /// (`agent.max_teardown`); a state asking for more is refused.
    public var maxTeardown: Int = 5
    /// Lifts `maxTeardown` (`patchbay agent --allow-teardown`).
    public var allowTeardown = false
    /// Where guests' disks, config drives and console logs live (`agent.instances_path`,
    /// Nova's name); nil means `instances` under `stateDirectory`.
    public var instancesPath: String?
    /// The domain type guests get (`agent.virt_type`); nil means `kvm` where hardware
    /// virtualization is usable (see ``DomainDefinition/VirtType/detected(device:modules:)``), else `qemu`.
    public var virtType: DomainDefinition.VirtType?
    /// The most bytes the image cache keeps of images no guest here is laid over
    /// (`agent.image_cache_max_mb`).
    public var imageCacheMaxBytes: Int64 = 20 << 30

    /// The instances directory in use.
    public var instancesDirectory: String { instancesPath ?? stateDirectory + "/instances" }

    /// Creates a configuration for a server and a host; everything else defaults.
    public init(serverURL: String, host: String) {
        self.serverURL = serverURL
        self.host = host
    }
}

/// The Keystone credentials of the agent's service user.
public struct AgentCredentials: Sendable, Hashable {
    /// The Keystone v3 URL, e.g. `http://127.0.0.1:9696/identity/v3`.
    public var authURL: String
    /// The service user's name.
    public var username: String
    /// Its password.
    public var password: String
    /// The project to scope the token to.
    public var projectName: String
    /// The user's domain name.
    public var userDomainName: String
    /// The project's domain name.
    public var projectDomainName: String

    /// Creates credentials.
    public init(authURL: String, username: String, password: String, projectName: String = "service",
                userDomainName: String = "Default", projectDomainName: String = "Default") {
        self.authURL = authURL
        self.username = username
        self.password = password
        self.projectName = projectName
        self.userDomainName = userDomainName
        self.projectDomainName = projectDomainName
    }
}

extension DomainDefinition.VirtType {
    /// `kvm` when `/dev/kvm` opens for reading and writing and it is backed by hardware
    /// virtualization (`kvm_intel` or `kvm_amd` under `/sys/module`, present whether modular or
    /// built in), else `qemu`. A `/dev/kvm` served by another backend (such as `kvm_pvm`, which runs
    /// only kernels built for it) cannot boot a stock guest kernel, so those hosts get TCG.
    public static func detected(device: String = "/dev/kvm", modules: String = "/sys/module") -> Self {
        let backed = ["kvm_intel", "kvm_amd"].contains { FileManager.default.fileExists(atPath: "\(modules)/\($0)") }
        let descriptor = open(device, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return .qemu }
        close(descriptor)
        return backed ? .kvm : .qemu
    }
}
