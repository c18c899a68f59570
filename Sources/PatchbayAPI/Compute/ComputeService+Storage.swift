import PatchbayCore

/// How a host's agent lays guests out, from the configurations it reports: its instances
/// directory (`instances_path`) and whether its guests run under KVM or QEMU's emulator (`virt_type`).
struct HostLayout: Sendable, Hashable {
    /// The agent's instances directory; nil when its agent reported none (it holds no disks).
    var instancesPath: String?
    /// The domain type its guests get.
    var virtType: DomainDefinition.VirtType = .kvm

    /// The layout an agent's configurations describe.
    init(configurations: [String: JSONValue]) {
        instancesPath = configurations["instances_path"]?.stringValue.flatMap { $0.hasPrefix("/") ? $0 : nil }
        virtType = configurations["virt_type"]?.stringValue.flatMap(DomainDefinition.VirtType.init(rawValue:)) ?? .kvm
    }
}

extension ComputeService {
    /// The layout host `host`'s agent last reported (the agent that reports an instances
    /// directory, when the host has several).
    func layout(of host: String) async throws -> HostLayout {
        let agents = try await network.repository.read { try await $0.agents(host: host) }
        let reporting = agents.first { $0.extraConfigurations["instances_path"] != nil } ?? agents.first
        return HostLayout(configurations: reporting?.extraConfigurations ?? [:])
    }

    /// The server's storage with its config drive built from its identity and ports, when its
    /// creator asked for one or the server is configured to give every guest one (`force_config_drive`).
    func storageWithConfigDrive(for server: Server) async throws -> GuestStorage {
        var storage = server.storage ?? GuestStorage(diskGB: server.flavor.diskGB)
        if server.guestData?.configDrive == true || config.forceConfigDrive {
            storage.configDrive = try await configDrive(for: server).files()
        }
        return storage
    }

    /// The disks and console of a guest with `storage` on a host laid out as `layout`.
    /// - Throws: 409 `compute.host_without_instances_path` when the guest has files to lay out
    ///   and the host's agent reported no instances directory.
    static func guestFiles(_ storage: GuestStorage?, serverId: String, host: String,
                           layout: HostLayout) throws -> (disks: [GuestDisk], consoleLog: String?) {
        guard let root = layout.instancesPath else {
            guard storage?.isEmpty ?? true else {
                throw PatchbayError(code: "compute.host_without_instances_path", type: "HostCannotHoldDisks", category: .conflict,
                                    message: "The agent of host \(host) reports no instances_path, so it cannot lay out server \(serverId)'s disks.")
            }
            return ([], nil)
        }
        let paths = InstancePaths(root: root, serverId: serverId)
        return (storage.map { GuestDisk.disks(for: $0, at: paths) } ?? [], storage == nil ? nil : paths.consoleLog)
    }
}
