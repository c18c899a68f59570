/// Collects `L2Reconciler`'s actions while keeping the state they lead to, so each decision sees
/// what the earlier actions did.
struct L2PlanBuilder {
    /// The actual state with every collected action applied.
    private(set) var state: HostLinkState
    /// The plan so far.
    private(set) var plan = L2Plan()

    init(state: HostLinkState) {
        self.state = state
    }

    /// Appends `action` and applies it to `state`.
    mutating func add(_ action: L2Action) {
        plan.actions.append(action)
        state = state.applying(action)
    }

    mutating func markReady(_ portID: String) { plan.readyPorts.insert(portID) }

    /// Deletes agent-owned macvtaps, taps no process holds, and VXLAN devices and bridges that
    /// no intent needs. A tap still held (it has carrier: its guest runs) stays until the guest
    /// is gone, and goes on the next pass.
    mutating func deleteStaleDevices(keeping intents: [L2PortIntent]) {
        var macvtaps: Set<String> = [], taps: Set<String> = [], vnis: Set<Int> = [], vxlanBridges: Set<String> = []
        for intent in intents {
            switch intent.kind {
            case .macvtap: macvtaps.insert(intent.deviceName)
            case .vxlan(let bridge, let vni, _, _, _): vnis.insert(vni); vxlanBridges.insert(bridge); taps.insert(intent.deviceName)
            case .bridged: taps.insert(intent.deviceName)
            }
        }
        let vxlanBridgePrefix = LinuxBridgeDriver.bridgeName(vni: 0).dropLast()
        let vxlanDevicePrefix = L2PortIntent.vxlanDeviceName(vni: 0).dropLast()
        var stale: [String] = []
        for link in state.links.values {
            switch link.kind {
            case "macvtap" where link.name.hasPrefix(L2PortIntent.macvtapPrefix) && !macvtaps.contains(link.name):
                stale.append(link.name)
            case "tun" where PortDevice.isPortTapName(link.name) && !taps.contains(link.name) && !link.hasCarrier:
                stale.append(link.name)
            case "vxlan":
                if let vni = L2Reconciler.vni(in: link.name, prefix: String(vxlanDevicePrefix)), !vnis.contains(vni) {
                    stale.append(link.name)
                }
            case "bridge":
                if L2Reconciler.vni(in: link.name, prefix: String(vxlanBridgePrefix)) != nil,
                   !vxlanBridges.contains(link.name) {
                    stale.append(link.name)
                }
            default: break
            }
        }
        for name in stale.sorted() { add(.deleteLink(name)) }
    }

    /// Creates a bridge if missing and sets it up.
    mutating func ensureBridge(_ name: String) {
        if state.links[name] == nil { add(.createBridge(name)) }
        ensureUp(name)
    }

    /// Enslaves `device` to `bridge` unless it already is.
    mutating func ensureMaster(_ device: String, _ bridge: String) {
        if state.links[device]?.master != bridge { add(.enslave(device: device, bridge: bridge)) }
    }

    /// Sets `device` up unless it already is.
    mutating func ensureUp(_ device: String) {
        if state.links[device]?.isUp != true { add(.setUp(device)) }
    }

    /// Creates each physnet bridge of the bridged intents and plugs its uplinks.
    mutating func prepareBridges(for intents: [L2PortIntent]) {
        var uplinks: [String: Set<String>] = [:]
        for intent in intents {
            guard case .bridged(let bridge, let uplink, _) = intent.kind else { continue }
            uplinks[bridge, default: []].formUnion(uplink.map { [$0] } ?? [])
        }
        for bridge in uplinks.keys.sorted() {
            ensureBridge(bridge)
            for uplink in uplinks[bridge, default: []].sorted() {
                ensureMaster(uplink, bridge)
                ensureUp(uplink)
            }
        }
    }
}
