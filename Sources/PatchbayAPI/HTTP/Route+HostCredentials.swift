import PatchbayCore

extension Route {
    /// This route, answering 403 to a per-host agent credential before its handler runs. Every
    /// route but a host's agent endpoints is wrapped so, so such a credential reaches nothing else.
    func closedToHostCredentials() -> Route {
        var route = self
        let handler = self.handler
        route.handler = { request in
            if let host = request.caller.host { throw HostPolicy.confined(host: host) }
            return try await handler(request)
        }
        return route
    }
}
