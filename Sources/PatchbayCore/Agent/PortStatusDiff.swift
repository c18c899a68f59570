/// Which port status changes an agent must report: only differences from what the server shows,
/// so a pass over an already-converged host sends nothing.
public enum PortStatusDiff {
    /// Ports to report up (wired, admin up, not yet ACTIVE) and down (ACTIVE but no longer wired
    /// or admin down), each sorted.
    public static func changes(ports: [HostPort], wired: Set<String>) -> (up: [String], down: [String]) {
        var up: [String] = [], down: [String] = []
        for port in ports {
            let shouldBeActive = wired.contains(port.id) && port.adminStateUp
            if shouldBeActive && port.status != "ACTIVE" { up.append(port.id) }
            if !shouldBeActive && port.status == "ACTIVE" { down.append(port.id) }
        }
        return (up.sorted(), down.sorted())
    }
}
