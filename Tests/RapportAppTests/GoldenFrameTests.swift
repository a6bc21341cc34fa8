import Foundation
import Testing

@testable import RapportApp
@testable import RapportDomain
@testable import RapportTools

@Suite struct GoldenFrameTests {
    static let sizes = [(80, 24), (120, 40)]

    func keys(_ state: inout AppState, _ keys: [Key]) {
        for key in keys { _ = state.update(.key(key)) }
    }

    @Test(arguments: sizes)
    func everyPane(width: Int, height: Int) throws {
        var state = Fixture.state(width: width, height: height)
        try assertGolden(state.render(), "tiers-\(width)x\(height)")
        keys(&state, [.char("p")])
        try assertGolden(state.render(), "pareto-\(width)x\(height)")
        keys(&state, [.char("p"), .char("2"), .down, .down])
        try assertGolden(state.render(), "partners-\(width)x\(height)")
        keys(&state, [.char("3"), .down])
        try assertGolden(state.render(), "suppliers-\(width)x\(height)")
        keys(&state, [.char("4")])
        try assertGolden(state.render(), "accounts-\(width)x\(height)")
        keys(&state, [.char("1"), .enter])
        try assertGolden(state.render(), "detail-customer-\(width)x\(height)")
        keys(&state, [.escape, .char("3"), .enter, .enter])
        try assertGolden(state.render(), "detail-supplier-\(width)x\(height)")
        keys(&state, [.escape, .char("?")])
        try assertGolden(state.render(), "help-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func theAgenda(width: Int, height: Int) throws {
        var state = Fixture.state(width: width, height: height)
        keys(&state, [.char("5")])
        try assertGolden(state.render(), "agenda-\(width)x\(height)")
        // One owner's overdue follow-ups, reached from the Overdue count.
        keys(&state, [.char("3"), .char("s"), .char("s"), .char("s"), .enter])
        try assertGolden(state.render(), "agenda-overdue-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func formsAndQuestions(width: Int, height: Int) throws {
        var state = Fixture.state(width: width, height: height)
        keys(&state, [.char("4"), .char("e"), .tab, .tab, .tab, .char(" ")])
        try assertGolden(state.render(), "form-account-\(width)x\(height)")
        keys(&state, [.escape, .escape, .char("r")])
        try assertGolden(state.render(), "form-ratings-\(width)x\(height)")
        keys(&state, [.escape, .char("d")])
        try assertGolden(state.render(), "confirm-delete-\(width)x\(height)")
        keys(&state, [.escape, .enter, .right])
        try assertGolden(state.render(), "detail-contacts-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func emptyStoreOffersTheDemo(width: Int, height: Int) throws {
        let state = Fixture.state(width: width, height: height, portfolio: Portfolio())
        let frame = state.render()
        #expect(frame.text().contains("Press d to load demo data"))
        try assertGolden(frame, "empty-\(width)x\(height)")
    }

    @Test(arguments: [(59, 24), (80, 14), (40, 10), (1, 1), (0, 0)])
    func tooSmallSaysSo(width: Int, height: Int) {
        let frame = Fixture.state(width: width, height: height).render()
        #expect(frame.width == width && frame.height == height)
        if width >= 40 { #expect(frame.text().contains("Terminal too small")) }
    }

    @Test func aNarrowWindowStillSaysHowToQuit() {
        for width in [24, 30, 39] {
            let frame = Fixture.state(width: width, height: 8).render()
            let words = frame.text().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("Enlarge the window, or press q to quit."), "\(width) columns")
        }
    }

    @Test func everySizeRendersWithoutCrashing() {
        var state = Fixture.state(width: 80, height: 24)
        for pane in ["1", "2", "3", "4"] {
            _ = state.update(.key(.char(Character(pane))))
            for width in stride(from: 0, through: 200, by: 7) {
                for height in stride(from: 0, through: 60, by: 5) {
                    _ = state.update(.resize(width: width, height: height))
                    let frame = state.render()
                    #expect(frame.cells.count == width * height)
                }
            }
        }
    }

    @Test func wideCharactersKeepColumnsAligned() {
        let state = Fixture.state(width: 120, height: 40)
        let lines = state.render().text().split(separator: "\n").map(String.init)
        let cjk = lines.filter {
            $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } && $0.contains("%")
        }
        #expect(!cjk.isEmpty)
        let latin = lines.first { $0.contains("%") && $0.hasPrefix("   1 ") }!
        for line in cjk {
            #expect(TerminalText.width(line) == TerminalText.width(latin), "\(line)")
        }
    }
}
