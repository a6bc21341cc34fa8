import Testing

@testable import RapportApp

@Suite struct EscapeSequenceTests {
    func decode(_ text: String) -> EscapeSequence.Decoded {
        EscapeSequence.decode(text.unicodeScalars.map(\.value))
    }

    @Test func everyCommonEncodingOfHomeEndAndThePageKeysIsThatKey() {
        for home in ["[1~", "[7~", "[H", "OH", "[1;5H"] { #expect(decode(home) == .key(.home), "\(home)") }
        for end in ["[4~", "[8~", "[F", "OF"] { #expect(decode(end) == .key(.end), "\(end)") }
        #expect(decode("[5~") == .key(.pageUp) && decode("[6~") == .key(.pageDown))
        #expect(decode("[3~") == .key(.delete) && decode("[Z") == .key(.backTab))
        for (sequence, key) in [("[A", Key.up), ("OB", .down), ("[1;5C", .right), ("OD", .left), ("OM", .enter)] {
            #expect(decode(sequence) == .key(key), "\(sequence)")
        }
    }

    @Test func functionKeysInEachEncoding() {
        #expect(decode("OP") == .key(.function(1)) && decode("OS") == .key(.function(4)))
        #expect(decode("[11~") == .key(.function(1)) && decode("[15~") == .key(.function(5)))
        #expect(decode("[17~") == .key(.function(6)) && decode("[21~") == .key(.function(10)))
        #expect(decode("[23~") == .key(.function(11)) && decode("[24~") == .key(.function(12)))
        #expect(decode("[[A") == .key(.function(1)) && decode("[[E") == .key(.function(5)))
        #expect(decode("[1;2P") == .key(.function(1)))
    }

    @Test func unknownSequencesAreDroppedWholeAndNeverSplitIntoKeys() {
        for sequence in ["[2~", "[99~", "[?1049h", "[201~", "Ox", "[1;2;3X", "[[Z"] {
            #expect(decode(sequence) == .ignored, "\(sequence)")
        }
        #expect(decode("[200~") == .pasteStart)
    }

    @Test func anythingElseIsTheEscapeKeyWithWhatFollowedReadAgain() {
        #expect(decode("") == .escape(putBack: []))
        #expect(decode("q") == .escape(putBack: [0x71]), "Esc then q (or Alt-q): Escape, then q")
        #expect(decode("[1") == .escape(putBack: [0x5B, 0x31]), "a sequence never finished")
        #expect(!EscapeSequence.isComplete([0x5B, 0x31]) && EscapeSequence.isComplete([0x5B, 0x31, 0x7E]))
        #expect(!EscapeSequence.isComplete([0x4F]) && !EscapeSequence.isComplete([0x5B, 0x5B]))
    }

    @Test func f1OpensTheHelp() {
        var state = Fixture.state(width: 100, height: 30)
        _ = state.update(.key(.function(1)))
        #expect(state.showHelp)
    }
}
