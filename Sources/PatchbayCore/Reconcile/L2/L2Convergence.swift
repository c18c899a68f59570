/// What one contained L2 pass (`L2ActionExecutor.converge`) did, and where it left each port.
public struct L2Convergence: Hashable, Sendable {
    /// The plan the pass followed.
    public var plan: L2Plan
    /// The actions that succeeded, in order.
    public var performed: [L2Action] = []
    /// Devices whose action failed or was skipped after a failure they depend on, with the reason.
    public var failedDevices: [String: String] = [:]
    /// Ports wired after the pass: ready in the plan and needing no failed device.
    public var readyPorts: Set<String> = []
    /// Ports that need a failed device, with the reason (that device's failure).
    public var failedPorts: [String: String] = [:]

    /// Creates the result of a pass over `plan` before anything was performed.
    public init(plan: L2Plan) {
        self.plan = plan
    }

    /// Decides each port from the failed devices.
    mutating func settle(_ intents: [L2PortIntent]) {
        readyPorts = plan.readyPorts
        for intent in intents {
            let failed = failedDevices
            guard let reason = Self.dependencies(of: intent).lazy.compactMap({ failed[$0] }).first else { continue }
            failedPorts[intent.portID] = failedPorts[intent.portID] ?? reason
            readyPorts.remove(intent.portID)
        }
    }

    /// The devices a port needs, its own first.
    static func dependencies(of intent: L2PortIntent) -> [String] {
        switch intent.kind {
        case .bridged(let bridge, let uplink, _): [intent.deviceName, bridge] + (uplink.map { [$0] } ?? [])
        case .vxlan(let bridge, let vni, _, _, _): [intent.deviceName, bridge, L2PortIntent.vxlanDeviceName(vni: vni)]
        case .macvtap(let source, _, _): [intent.deviceName, source]
        }
    }

    /// The devices an action reads or changes: its own, and the bridge or lower device it names.
    static func touchedDevices(_ action: L2Action) -> [String] {
        switch action {
        case .enslave(let device, let bridge): [device, bridge]
        case .createMacvtap(let name, let source, _, _): [name, source]
        default: [action.device]
        }
    }

    /// The link an action creates, if it creates one.
    static func createdLink(_ action: L2Action) -> String? {
        switch action {
        case .createBridge(let name), .createVXLAN(let name, _, _, _), .createMacvtap(let name, _, _, _), .createTap(let name): name
        default: nil
        }
    }

    /// True for the names the agent gives its own deletable links: `mvt…`, `vxlan-N`, `pbvx-N`.
    static func isAgentNamed(_ name: String) -> Bool {
        name.hasPrefix(L2PortIntent.macvtapPrefix)
            || L2Reconciler.vni(in: name, prefix: String(L2PortIntent.vxlanDeviceName(vni: 0).dropLast())) != nil
            || L2Reconciler.vni(in: name, prefix: String(LinuxBridgeDriver.bridgeName(vni: 0).dropLast())) != nil
    }
}
