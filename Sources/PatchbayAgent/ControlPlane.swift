import PatchbayCore

/// The seam between the agent and the server: everything the agent sends or fetches.
///
/// `HTTPControlPlane` speaks to a real server; tests use it against a real server on 127.0.0.1.
public protocol ControlPlane: Sendable {
    /// Registers the agent or records its heartbeat (`POST /patchbay/v1/agents/report`).
    func reportAgent(_ body: JSONValue) async throws
    /// Sends the host's inventory (`POST /patchbay/v1/hosts/{host}/inventory`).
    func reportInventory(host: String, _ body: JSONValue) async throws
    /// Fetches the host's desired state, or `.unchanged` when `ifNoneMatch` is still current;
    /// with `wait` above zero the server holds an unchanged answer up to that many seconds and
    /// answers as soon as the state changes (a long-poll).
    func desiredState(host: String, ifNoneMatch: String?, wait: Int) async throws -> DesiredStateFetch
    /// Reports ports up and down, and why ports could not be wired (`POST /patchbay/v1/hosts/{host}/devices`).
    func reportDevices(host: String, up: [String], down: [String], reasons: [String: String]) async throws
    /// Reports the guests running, failed, stopped and rebooted, the ports each domain holds, and
    /// the retiring servers of which no domain is left (`POST /patchbay/v1/hosts/{host}/guests`).
    func reportGuests(host: String, _ report: GuestStatusReport) async throws
    /// Streams image `imageId`'s data into the file at `path` (`GET /image/v2/images/{id}/file`).
    func downloadImage(_ imageId: String, to path: String) async throws
    /// Sends the tail of a guest's console log (`PUT /patchbay/v1/hosts/{host}/servers/{id}/console`).
    func reportConsole(host: String, serverId: String, output: String) async throws
    /// Tells the server how programming tap flows went: `ACTIVE`, or `ERROR` with the reason.
    func reportTapFlows(host: String, _ outcomes: [String: String?]) async throws
}

extension ControlPlane {
    /// Fetches the desired state without waiting.
    public func desiredState(host: String, ifNoneMatch: String?) async throws -> DesiredStateFetch {
        try await desiredState(host: host, ifNoneMatch: ifNoneMatch, wait: 0)
    }
}

/// The outcome of a conditional fetch of the desired state.
public enum DesiredStateFetch: Sendable {
    /// The server's state still has the tag the agent sent.
    case unchanged
    /// A new state and its entity tag.
    case changed(HostDesiredState, tag: String)
}

extension PatchbayError {
    /// 503 `ServerUnreachable`: the agent could not talk to the server (it keeps working and retries).
    public static func serverUnreachable(_ url: String, _ reason: String) -> PatchbayError {
        PatchbayError(code: "agent.server_unreachable", type: "ServerUnreachable", category: .unavailable,
                      message: "Cannot reach the Patchbay server at \(url): \(reason)")
    }

    /// 500 `ServerRejected`: the server answered a request with an error.
    public static func serverRejected(_ request: String, status: Int, _ body: String) -> PatchbayError {
        PatchbayError(code: "agent.server_rejected", type: "ServerRejected", category: .internalError,
                      message: "\(request) answered \(status): \(body)")
    }
}
