import PatchbayCore
import Testing

/// The guest's power and reboot fields on the desired state's wire.
@Suite struct AssignedGuestJSONTests {
    @Test(arguments: [
        AssignedGuest(serverId: "s1", name: "patchbay-s1", domainXML: "<domain/>", awaitingStart: false, power: .shutoff,
                      reboot: AssignedGuest.Reboot(counter: 3, hard: true)),
        AssignedGuest(serverId: "s2", name: "patchbay-s2", domainXML: "<domain/>", awaitingStart: true),
    ])
    func guest_RoundTrips(_ guest: AssignedGuest) throws {
        #expect(try AssignedGuest(json: guest.json) == guest)
    }

    @Test func guestWithoutPowerOrReboot_RunsAndHasNoReboot() throws {
        let guest = try AssignedGuest(json: ["server_id": "s1", "name": "n", "domain_xml": "<domain/>"])
        #expect(guest.power == .running && guest.reboot == AssignedGuest.Reboot())
    }

    @Test(arguments: [
        (["power": "paused"] as JSONValue, "power other than running or shutoff"),
        (["reboot": ["hard": true]] as JSONValue, "a reboot without a counter"),
        (["reboot": ["counter": -1]] as JSONValue, "a reboot without a counter"),
    ])
    func badPowerOrReboot_Fails(_ extra: JSONValue, _ reason: String) {
        var object: [String: JSONValue] = ["server_id": "s1", "name": "n", "domain_xml": "<domain/>"]
        for (key, value) in extra.objectValue ?? [:] { object[key] = value }
        #expect { try AssignedGuest(json: .object(object)) } throws: { error in
            (error as? PatchbayError)?.message.contains(reason) == true
        }
    }
}
