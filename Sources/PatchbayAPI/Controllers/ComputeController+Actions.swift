import PatchbayCore

extension ComputeController {
    /// `POST /servers/{id}/action` with `{"os-stop": null}`, `{"os-start": null}` or
    /// `{"reboot": {"type": "SOFT"|"HARD"}}`: 202 and no body once the task is under way.
    func serverAction(_ request: APIRequest) async throws -> APIResponse {
        let action = try Self.powerAction(request.requireBody())
        try await compute.power(request.parameter("id"), action, caller: request.caller)
        return APIResponse(status: 202)
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
