import PatchbayCore
import PatchbayStore

extension ComputeService {
    /// The most console text one report may carry.
    static let consoleReportLimit = 1 << 20

    /// Stores the tail of a guest's console log its host's agent sent.
    /// - Throws: 403 unless the caller may act for `host`; 404 `compute.server_not_on_host` when
    ///   the server is not placed there; 400 when the text is over 1 MiB.
    func reportConsole(host: String, serverId: String, output: String, caller: Caller) async throws {
        try requireHost(caller, host)
        guard output.utf8.count <= Self.consoleReportLimit else {
            throw PatchbayError.invalidInput("'output' is over \(Self.consoleReportLimit) bytes; send the log's tail")
        }
        guard let server = try await repository.read({ try await $0.server(serverId) }), server.host == host else {
            throw PatchbayError(code: "compute.server_not_on_host", type: "NotFound", category: .notFound,
                                message: "Server \(serverId) is not on host \(host).")
        }
        let now = clock.now()
        try await repository.write { try await $0.saveConsole(server.id, output: output, at: now) }
    }

    /// Nova's `os-getConsoleOutput`: the last `length` lines of the guest's serial console (all
    /// of what the host sent when `length` is nil); empty before the guest printed anything.
    /// - Throws: 404 for a server the caller cannot see; 409 `compute.instance_invalid_state`
    ///   while it builds, as Nova answers.
    func consoleOutput(_ id: String, length: Int?, caller: Caller) async throws -> String {
        let server = try await server(id, caller: caller)
        guard server.vmState != .building else {
            throw PatchbayError(code: "compute.instance_invalid_state", type: "InstanceInvalidState", category: .conflict,
                                message: "Cannot 'get_console_output' instance \(id) while it is in vm_state building")
        }
        let output = try await repository.read { try await $0.console(server.id) } ?? ""
        guard let length else { return output }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let trailing = output.hasSuffix("\n") ? 1 : 0
        let kept = lines.suffix(length + trailing)
        return kept.joined(separator: "\n")
    }
}
