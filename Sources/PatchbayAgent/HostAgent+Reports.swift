import PatchbayCore

extension HostAgent {
    /// Reports what the pass changed: ports up and down with the reasons of those that cannot be
    /// wired (sent when they change); the guests running, stopped, rebooted and the ports their
    /// domains hold (sent when that or the desired state changed, and each pass while a guest
    /// the server waits for runs); failures, and every retiring server of which no domain is
    /// left (sent each pass until the server stops retiring it).
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
        var guests = GuestStatusReport()
        guests.running = result.runningGuests
        guests.failed = result.failedGuests
        guests.absent = result.absentGuests
        guests.stopped = result.stoppedGuests
        guests.rebooted = result.rebootedGuests
        guests.interfaces = result.guestInterfaces
        let awaiting = Set(desired.guests.filter(\.awaitingStart).map { $0.serverId.lowercased() })
        let news = !guests.failed.isEmpty || !guests.absent.isEmpty || !guests.running.isDisjoint(with: awaiting)
        let changed = guests.standing != sentGuestStatus || desiredTag != sentGuestRevision
        guard news || changed else { return }
        await talk("guest report") {
            try await server.reportGuests(host: config.host, guests)
            result.reportedAbsent = guests.absent
            sentGuestStatus = guests.standing
            sentGuestRevision = desiredTag
        }
    }
}
