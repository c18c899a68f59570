import PatchbayCore

extension ComputeController {
    /// `POST /servers/{id}/action` with `{"os-stop": null}`, `{"os-start": null}` or
    /// `{"reboot": {"type": "SOFT"|"HARD"}}`: 202 and no body once the task is under way;
    /// `{"os-getConsoleOutput": {"length": N}}`: 200 with `{"output": …}`.
    func serverAction(_ request: APIRequest) async throws -> APIResponse {
        let body = try request.requireBody()
        if let console = body["os-getConsoleOutput"], body.objectValue?.count == 1 {
            let output = try await compute.consoleOutput(request.parameter("id"), length: try Self.consoleLength(console),
                                                         caller: request.caller)
            return APIResponse(status: 200, body: ["output": .string(output)])
        }
        let action = try Self.powerAction(body)
        try await compute.power(request.parameter("id"), action, caller: request.caller)
        return APIResponse(status: 202)
    }

    /// The `length` of `{"os-getConsoleOutput": {"length": N}}`: nil (all) when absent, null
    /// or -1; a whole number (or its string, as Nova takes) otherwise; 400 for anything else.
    static func consoleLength(_ value: JSONValue) throws -> Int? {
        let length = value["length"]
        let parsed: Int?
        switch length {
        case nil, .null?: return nil
        case .int(let number)?: parsed = number
        case .string(let text)?: parsed = Int(text)
        default: parsed = nil
        }
        guard let parsed, parsed >= -1 else {
            throw PatchbayError.badRequest("Invalid input for field/attribute length. Value: \(length.map { JSONWriter.string($0) } ?? ""). "
                                           + "It must be an integer of -1 or more.", code: "compute.invalid_action")
        }
        return parsed == -1 ? nil : parsed
    }

    /// The power action a body asks for, in Nova's body shapes; 400 for anything else.
    static func powerAction(_ body: JSONValue) throws -> ServerEvent {
        guard let object = body.objectValue, object.count == 1, let (name, value) = object.first else {
            throw PatchbayError.badRequest("Malformed request body: exactly one action is expected.", code: "compute.invalid_action")
        }
        switch name {
        case "os-stop": return .stop
        case "os-start": return .start
        case "reboot":
            guard let type = value["type"]?.stringValue else {
                throw PatchbayError.badRequest("Invalid input for field/attribute reboot. 'type' is a required property.",
                                               code: "compute.invalid_action")
            }
            switch type.uppercased() {
            case "SOFT" where ["SOFT", "Soft", "soft"].contains(type): return .reboot(hard: false)
            case "HARD" where ["HARD", "Hard", "hard"].contains(type): return .reboot(hard: true)
            default:
                throw PatchbayError.badRequest(
                    "Invalid input for field/attribute type. Value: \(type). '\(type)' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']",
                    code: "compute.invalid_action")
            }
        default:
            throw PatchbayError.badRequest("There is no such action: \(name)", code: "compute.invalid_action")
        }
    }
}
