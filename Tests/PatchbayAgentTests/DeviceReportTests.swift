import PatchbayCore
import PatchbayTesting
import Testing

@Suite("The devices report carries why ports cannot be wired")
struct DeviceReportTests {
    @Test func reasonsMustMapPortIdsToText_Fails() async throws {
        let server = try await TestServer.start()
        let client = APIClient(baseURL: server.baseURL)
        let accepted = try await client.post("/patchbay/v1/hosts/compute1/devices",
                                             ["down": [], "reasons": ["p1": "Cannot create macvtap mvtp1 on eth9"]])
        let refused = try await client.post("/patchbay/v1/hosts/compute1/devices", ["down": [], "reasons": ["p1": 5]])
        let notAMap = try await client.post("/patchbay/v1/hosts/compute1/devices", ["reasons": ["p1"]])
        try await server.stop()
        #expect(accepted.status == 200)
        #expect(refused.status == 400 && notAMap.status == 400)
        #expect(refused.errorMessage?.contains("'reasons' must map port ids to text") == true)
    }
}
