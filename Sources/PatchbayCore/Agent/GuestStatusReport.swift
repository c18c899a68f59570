/// What an agent reports about its guests (`POST /patchbay/v1/hosts/{host}/guests`).
public struct GuestStatusReport: Hashable, Sendable {
    /// Servers whose guest runs.
    public var running: Set<String> = []
    /// Servers whose guest could not be defined, started, stopped or rebooted, with the reason.
    public var failed: [String: String] = [:]
    /// Retiring servers of which no domain is left.
    public var absent: [String] = []
    /// Servers whose domain is defined but shut off.
    public var stopped: Set<String> = []
    /// The last reboot counter carried out, per server (servers with none asked are left out).
    public var rebooted: [String: Int] = [:]
    /// The ports each defined domain has attached now, per server.
    public var interfaces: [String: Set<String>] = [:]

    /// An empty report.
    public init() {}

    /// The part that describes the guests as they are, as opposed to what happened in one pass
    /// (`failed`, `absent`): sent again whenever it changes.
    public var standing: GuestStatusReport {
        var copy = self
        copy.failed = [:]
        copy.absent = []
        return copy
    }

    /// The request body.
    public var json: JSONValue {
        .object([
            "running": .array(running.sorted().map(JSONValue.string)),
            "failed": .object(failed.mapValues(JSONValue.string)),
            "absent": .array(absent.map(JSONValue.string)),
            "stopped": .array(stopped.sorted().map(JSONValue.string)),
            "rebooted": .object(rebooted.mapValues { .int($0) }),
            "interfaces": .object(interfaces.mapValues { .array($0.sorted().map(JSONValue.string)) }),
        ])
    }
}
