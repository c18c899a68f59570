import PatchbayAPI

/// The operator-facing text after a bootstrap: generated secrets (shown once) and clouds.yaml.
enum BootstrapReport {
    static func text(_ result: BootstrapResult?, identity: IdentityService) -> @Sendable () -> String? {
        guard let result, result.createdAdmin || result.generatedServicePassword != nil else { return { nil } }
        return {
            var lines: [String] = []
            if let generated = result.generatedAdminPassword {
                lines.append("bootstrap: generated admin password (shown once): \(generated)")
            }
            if let service = result.generatedServicePassword {
                lines.append("bootstrap: generated password for service user '\(identity.serviceUserName)' (shown once): \(service)")
            }
            // A supplied password is never echoed: stdout often ends up in logs.
            let password = result.generatedAdminPassword ?? "<the admin password you supplied>"
            lines.append("bootstrap: clouds.yaml entry:")
            lines.append(identity.cloudsYAML(password: password))
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
