extension GuestReconciler {
    /// Which domains are defined after `performed` succeeded over `actual`, and whether each
    /// runs, by lowercase UUID: `define` adds a shut-off domain, `start` and `reboot` leave it
    /// running, `destroy` and `shutOff` shut it off, `undefine` removes it.
    public static func domains(after performed: [GuestAction], actual: [GuestDomainState]) -> [String: Bool] {
        var running = Dictionary(actual.map { ($0.uuid.lowercased(), $0.isActive) }, uniquingKeysWith: { first, _ in first })
        for action in performed {
            switch action {
            case .define(let uuid, _, _): running[uuid] = running[uuid] ?? false
            case .start(let uuid, _), .reboot(let uuid, _, _): running[uuid] = true
            case .destroy(let uuid, _), .shutOff(let uuid, _): running[uuid] = false
            case .undefine(let uuid, _): running[uuid] = nil
            case .attachDevice, .detachDevice: break
            }
        }
        return running
    }
}
