import Foundation
import Testing

@testable import RapportTools

/// Files and fields over the documented sizes are refused before they are read whole.
@Suite(.serialized) struct LimitTests {
    @Test func aHugeThemeIsRefusedNamingTheLimit() throws {
        let scratch = Scratch()
        let theme = try scratch.write(
            "huge.toml", "[roles]\n" + String(repeating: "# padding padding padding padding\n", count: 10_000))
        let result = try CLI.run(["themes", "check", theme])
        #expect(result.status == 65)
        #expect(result.err.contains("larger than 262,144 bytes (256 KB)"), "\(result.err)")
    }

    @Test func aHugeConfigGivesDefaultsAndSaysWhy() throws {
        let scratch = Scratch()
        let path = try scratch.write("config.toml", "me = \"asa\"\n" + String(repeating: "#\n", count: 200_000))
        let config = UserConfig.load(from: path)
        #expect(config.me == nil)
        #expect(config.problem?.contains("larger than 262,144 bytes (256 KB)") == true, "\(config.problem ?? "")")
        #expect(UserConfig.load(from: try scratch.write("small.toml", "me = \"asa\"\n")).me == "asa")
    }

    @Test func aHugeCellIsRefusedWithItsRowBeforeTheFileIsParsed() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let huge = String(repeating: "x", count: (1 << 20) + 10)
        let file = try scratch.write("accounts.csv", "name,notes\nAlpha AB,short\nBeta AB,\"\(huge)\"\n")
        let before = scratch.files()
        let result = try CLI.run(["import", "accounts", file, "--store", scratch.store])
        #expect(result.status == 65)
        #expect(result.err.contains("row 3 has a field over 1,048,576 bytes (1 MB)"), "\(result.err)")
        #expect(scratch.files() == before)
        // A quote left open runs the field on to the end: also refused, at the row where it opened.
        let open = try scratch.write(
            "open.csv", "name,notes\nGamma AB,\"never closed\n" + String(repeating: "y,\n", count: 400_000))
        let unclosed = try CLI.run(["import", "accounts", open, "--store", scratch.store])
        #expect(unclosed.status == 65)
        #expect(unclosed.err.contains("row 2 has a field over"), "\(unclosed.err)")
    }
}
