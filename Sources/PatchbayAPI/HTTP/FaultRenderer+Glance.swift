import PatchbayCore

extension FaultRenderer {
    /// A fault as Glance's webob exceptions render it for `Accept: application/json`:
    /// `{"code": "404 Not Found", "title": "Not Found", "message": …}`, where the message is
    /// webob's body template filled in: the explanation, `<br /><br />`, then the detail.
    static func glance(_ error: PatchbayError) -> APIResponse {
        let status = error.category.httpStatus
        let title = title(status)
        let message = "\(error.message)<br /><br />\n\(error.detail)\n\n"
        return APIResponse(status: status, body: [
            "code": .string("\(status) \(title)"), "title": .string(title), "message": .string(message),
        ])
    }
}
