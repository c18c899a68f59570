import PatchbayCore

extension HostAgent {
    /// Reports what the pass changed: ports up and down with the reasons of those that cannot be
    /// wired (sent when they change), guests running or failed while the server waits for them,
    /// and every retiring server of which no domain is left (sent each pass until the server
    /// stops retiring it).
    func report(_ result: inout PassResult, desired: HostDesiredState) async {
        let known = Set(desired.ports.map(\.id))
        let reasons = result.portProblems.filter { known.contains($0.key) }
        let changes = PortStatusDiff.changes(ports: desired.ports, wired: result.wiredPorts)
        let newReasons = reasons.filter { sentReasons[$0.key] != $0.value }
        let down = Set(changes.down).union(newReasons.keys).sorted()
        if changes.up.isEmpty && down.isEmpty {
            sentReasons = reasons
        } else {
            await talk("port status report") {
                try await server.reportDevices(host: config.host, up: changes.up, down: down, reasons: newReasons)
                result.reportedUp = changes.up
                result.reportedDown = down
                result.reportedReasons = newReasons
                sentReasons = reasons
            }
        }
        let awaiting = Set(desired.guests.filter(\.awaitingStart).map(\.serverId))
        let running = result.runningGuests.intersection(awaiting)
        let failed = result.failedGuests.filter { awaiting.contains($0.key) }
        let absent = result.absentGuests
        if !running.isEmpty || !failed.isEmpty || !absent.isEmpty {
            await talk("guest report") {
                try await server.reportGuests(host: config.host, running: running.sorted(), failed: failed, absent: absent)
                result.reportedAbsent = absent
            }
        }
    }
}
