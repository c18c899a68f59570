import PatchbayCore
import Synchronization

/// A stateful in-memory `HostLinks` that refuses what the kernel refuses: enslaving, raising or
/// deleting a missing device, a macvtap on a missing source, creating a name that exists.
final class FakeHostLinks: HostLinks {
    private let state: Mutex<HostLinkState>
    private let log = Mutex<[L2Action]>([])

    init(_ initial: HostLinkState) {
        state = Mutex(initial)
    }

    /// The current state.
    var current: HostLinkState { state.withLock { $0 } }
    /// Every action performed successfully, in order.
    var performed: [L2Action] { log.withLock { $0 } }

    func snapshot() throws(PatchbayError) -> HostLinkState { current }

    func perform(_ action: L2Action) throws(PatchbayError) {
        let result: Result<Void, PatchbayError> = state.withLock { state in
            if let missing = Self.missingDevice(action, in: state) { return .failure(.netlinkDeviceNotFound(missing)) }
            switch action {
            case .createBridge(let name), .createTap(let name), .createVXLAN(let name, _, _, _), .createMacvtap(let name, _, _, _):
                if state.links[name] != nil { return .failure(.commandFailed("ip link add \(name)", "File exists")) }
            default: break
            }
            state = state.applying(action)
            return .success(())
        }
        try result.get()
        log.withLock { $0.append(action) }
    }

    private static func missingDevice(_ action: L2Action, in state: HostLinkState) -> String? {
        switch action {
        case .enslave(let device, let bridge):
            state.links[device] == nil ? device : (state.links[bridge] == nil ? bridge : nil)
        case .setUp(let name), .deleteLink(let name), .setAccessVLAN(let name, _), .setMAC(let name, _),
             .addFloodPeer(let name, _), .removeFloodPeer(let name, _):
            state.links[name] == nil ? name : nil
        case .createMacvtap(_, let source, _, _):
            state.links[source] == nil ? source : nil
        case .createVXLAN(_, _, _, let underlay?):
            state.links[underlay] == nil ? underlay : nil
        case .createBridge, .createTap, .createVXLAN:
            nil
        }
    }
}
