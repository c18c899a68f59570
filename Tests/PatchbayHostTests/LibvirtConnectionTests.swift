import Foundation
import NetnsTesting
import PatchbayCore
@testable import PatchbayHost
import Synchronization
import Testing

/// A stateful stand-in for libvirt's connection calls: connections are numbers, each alive
/// until `kill` (the daemon restarting), and `open` fails while `refusing`.
final class FakeLibvirtConnections: LibvirtConnecting {
    struct State {
        var next = 1
        var alive: Set<Int> = []
        var closed: Set<Int> = []
        var refusing = false
    }

    let state = Mutex(State())

    func open(_ uri: String) -> OpaquePointer? {
        state.withLock { state in
            guard !state.refusing else { return nil }
            defer { state.next += 1 }
            state.alive.insert(state.next)
            return OpaquePointer(bitPattern: state.next)
        }
    }

    func isAlive(_ connection: OpaquePointer) -> Bool { state.withLock { $0.alive.contains(Int(bitPattern: connection)) } }

    func close(_ connection: OpaquePointer) {
        state.withLock { _ = $0.closed.insert(Int(bitPattern: connection)) }
    }

    func lastError() -> String { "Failed to connect socket: Connection refused" }

    /// Breaks every open connection, as a daemon restart does.
    func restartDaemon() { state.withLock { $0.alive.removeAll() } }
}

@Suite("A libvirt connection that died is reopened by the next call")
struct LibvirtConnectionTests {
    @Test func aLiveConnectionIsKeptAndADeadOneIsClosedAndReopenedOnce() throws {
        let fake = FakeLibvirtConnections()
        var connection = try LibvirtConnection(uri: "qemu:///system", library: fake)
        let first = try connection.live()
        #expect(first.reconnected == false && Int(bitPattern: first.handle) == 1)
        let again = try connection.live()
        #expect(again.handle == first.handle)
        fake.restartDaemon()
        let second = try connection.live()
        #expect(second.reconnected && Int(bitPattern: second.handle) == 2)
        #expect(fake.state.withLock { $0.closed } == [1])
        let third = try connection.live()
        #expect(third.reconnected == false)
    }

    @Test func aCallThatFailedOnADeadConnectionMakesTheNextCallReconnect() throws {
        let fake = FakeLibvirtConnections()
        var connection = try LibvirtConnection(uri: "qemu:///system", library: fake)
        let aliveKept = connection.dropIfDead()
        #expect(aliveKept == false)
        fake.restartDaemon()
        let deadDropped = connection.dropIfDead()
        #expect(deadDropped)
        #expect(connection.handle == nil)
        let reopened = try connection.live()
        #expect(reopened.reconnected)
    }

    @Test func aDaemonThatStaysDownFailsEachCallUntilItIsBack_Fails() throws {
        let fake = FakeLibvirtConnections()
        var connection = try LibvirtConnection(uri: "qemu:///system", library: fake)
        fake.restartDaemon()
        fake.state.withLock { $0.refusing = true }
        for _ in 0..<2 {
            var failed: PatchbayError?
            do { _ = try connection.live() } catch { failed = error }
            let error = try #require(failed)
            #expect(error.code == "host.hypervisor_unavailable")
            #expect(error.message.contains("the connection was lost and cannot be reopened: Failed to connect socket"))
        }
        fake.state.withLock { $0.refusing = false }
        let back = try connection.live()
        #expect(back.reconnected)
    }
}

/// The real libvirt client over a transport the test can cut: `test+ext://` runs a helper that
/// relays the connection to the running libvirtd; killing the helper kills the connection as a
/// daemon restart does, without touching the daemon others use.
@Suite("LibvirtHypervisor reconnects after its connection died",
       .requires(FileManager.default.fileExists(atPath: "/run/libvirt/libvirt-sock")
                    && FileManager.default.isExecutableFile(atPath: "/usr/bin/virt-ssh-helper"),
                 "a running libvirtd and virt-ssh-helper (Debian libvirt-daemon)"))
struct LibvirtReconnectTests {
    @Test func theCallAfterTheConnectionDiedReconnectsAndSaysSoOnce() throws {
        signal(SIGPIPE, SIG_IGN)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-relay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("relay.pid").path
        let relay = directory.appendingPathComponent("relay.sh").path
        try "#!/bin/sh\necho $$ > \(pidFile)\nexec /usr/bin/virt-ssh-helper test:///default\n".write(toFile: relay, atomically: true, encoding: .utf8)
        chmod(relay, 0o755)
        let reconnects = Mutex(0)
        let hypervisor = try LibvirtHypervisor(uri: "test+ext:///default?command=\(relay)",
                                               onReconnect: { _ in reconnects.withLock { $0 += 1 } })
        #expect(try hypervisor.domains().map(\.name) == ["test"])
        let relayPID = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(relayPID, SIGKILL) == 0)
        #expect(try hypervisor.domains().map(\.name) == ["test"])
        #expect(reconnects.withLock { $0 } == 1)
        let newPID = pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(newPID != relayPID)
        #expect(try hypervisor.domains().map(\.name) == ["test"])
        #expect(reconnects.withLock { $0 } == 1)
    }
}
