import PatchbayCore

/// `POST /patchbay/v1/hosts/{host}/taps`: a host agent reports how programming its tap flows went.
struct TapReportsController {
    let service: NetworkService

    /// Takes `{"tap_flows": [{"id": uuid, "status": "ACTIVE"|"ERROR", "reason": text}]}` (`reason`
    /// optional, kept only with `ERROR`); answers `{"updated": [ids]}`: the flows whose status
    /// changed. Flows not in this host's desired state are ignored.
    func report(_ request: APIRequest) async throws -> APIResponse {
        let host = try AgentInput.hostName(request.parameter("host"), field: "host")
        try HostPolicy.requireHost(request.caller, host, action: "report_tap_flows")
        guard let items = try request.requireBody()["tap_flows"]?.arrayValue, items.count <= AgentInput.maxReportedIds else {
            throw PatchbayError.invalidInput("'tap_flows' must be a list of at most \(AgentInput.maxReportedIds) reports")
        }
        var reports: [TapFlowReport] = []
        for (index, item) in items.enumerated() {
            let field = "tap_flows[\(index)]"
            let id = try AgentInput.uuid(item["id"]?.stringValue ?? "", field: "\(field).id")
            guard let status = item["status"]?.stringValue.flatMap(TapStatus.init(rawValue:)), status != .down else {
                throw PatchbayError.invalidInput("\(field).status must be ACTIVE or ERROR")
            }
            var reason: String?
            if let value = item["reason"], !value.isNull {
                guard let text = value.stringValue, (1...AgentInput.maxReasonLength).contains(text.utf8.count) else {
                    throw PatchbayError.invalidInput("\(field).reason must be 1-\(AgentInput.maxReasonLength) bytes of text")
                }
                reason = text
            }
            reports.append(TapFlowReport(id: id, status: status, reason: reason))
        }
        let updated = try await service.reportTapFlows(host: host, reports, caller: request.caller)
        return .ok(["updated": .array(updated.map(JSONValue.string))])
    }
}
