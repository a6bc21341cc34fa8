import Foundation
import Testing

@testable import RapportApp
@testable import RapportDomain
@testable import RapportTheme
@testable import RapportTools

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func shippedThemeFiles() throws -> [String: String] {
    let directory = repository.appendingPathComponent("themes")
    var result: [String: String] = [:]
    for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".toml") {
        result[String(file.dropLast(5))] = try String(
            contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    }
    return result
}

@Suite struct BuiltinThemeTests {
    /// The themes compiled into the binary are exactly the files in themes/.
    /// `RAPPORT_EMBED_THEMES=1 swift test --filter BuiltinThemeTests` regenerates BuiltinThemes.swift.
    @Test func compiledThemesMatchTheFiles() throws {
        let files = try shippedThemeFiles()
        if ProcessInfo.processInfo.environment["RAPPORT_EMBED_THEMES"] == "1" {
            var source =
                "// Generated from themes/*.toml by `RAPPORT_EMBED_THEMES=1 swift test --filter BuiltinThemeTests`.\n"
            source += "// Do not edit: edit the theme files and regenerate (a test fails while they differ).\n\n"
            source += "/// The shipped themes, compiled in so an installed `rapport` has them anywhere.\n"
            source += "public enum BuiltinThemes {\n    public static let all: [String: String] = [\n"
            for name in files.keys.sorted() {
                // A raw multi-line literal drops the newline before its closing delimiter: add one back.
                source += "        \"\(name)\": #\"\"\"\n" + files[name]! + "\n\"\"\"#,\n"
            }
            source += "    ]\n}\n"
            try source.write(
                to: repository.appendingPathComponent("Sources/RapportTools/BuiltinThemes.swift"), atomically: true,
                encoding: .utf8)
            return
        }
        #expect(BuiltinThemes.all == files, "run RAPPORT_EMBED_THEMES=1 swift test --filter BuiltinThemeTests")
        #expect(
            Set(files.keys).isSuperset(of: [
                "default", "light", "high-contrast", "solarized-dark", "solarized-light", "monochrome",
            ]))
    }

    @Test(arguments: ["default", "light", "high-contrast", "solarized-dark", "solarized-light", "monochrome"])
    func everyShippedThemeLoadsAndCoversEveryRole(name: String) throws {
        let theme = try ThemeCatalog(userDirectory: nil).load(name)
        #expect(
            Set(theme.looks.keys) == Set(Style.allCases),
            "\(name) misses \(Set(Style.allCases).subtracting(theme.looks.keys).map(\.roleName))")
    }

    /// Golden table per theme: every role's look at every colour level.
    @Test(arguments: ["default", "light", "high-contrast", "solarized-dark", "solarized-light", "monochrome"])
    func resolvedLooksAtEveryLevel(name: String) throws {
        let theme = try ThemeCatalog(userDirectory: nil).load(name)
        var text = "role" + ColorLevel.allCases.map { "\t" + $0.rawValue }.joined() + "\n"
        for style in Style.allCases {
            text += style.roleName
            for level in ColorLevel.allCases {
                let look = theme.look(style, at: level)
                let modifiers = Modifiers.names.filter { look.modifiers.contains($0.1) }.map(\.0).joined(separator: "+")
                text +=
                    "\t" + "\(look.foreground.map(String.init) ?? "-")/\(look.background.map(String.init) ?? "-")"
                    + (modifiers.isEmpty ? "" : " " + modifiers)
            }
            text += "\n"
        }
        let file = repository.appendingPathComponent("Tests/RapportToolsTests/__Snapshots__/theme-\(name).tsv")
        if ProcessInfo.processInfo.environment["RAPPORT_RECORD_SNAPSHOTS"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            text == (try String(contentsOf: file, encoding: .utf8)),
            "theme-\(name).tsv differs; RAPPORT_RECORD_SNAPSHOTS=1 rewrites it")
    }
}

@Suite struct ThemeParsingTests {
    @Test(arguments: [
        ("cyan", Look(foreground: .ansi(6))),
        ("black on cyan bold", Look(foreground: .ansi(0), background: .ansi(6), modifiers: .bold)),
        ("on blue", Look(background: .ansi(4))),
        ("bold underline", Look(modifiers: [.bold, .underline])),
        ("#ff8700 on 235 italic", Look(foreground: .rgb(255, 135, 0), background: .indexed(235), modifiers: .italic)),
        ("bright-cyan reverse dim", Look(foreground: .ansi(14), modifiers: [.reverse, .dim])),
        ("default on default", Look()),
        ("brand", Look(foreground: .rgb(0x5f, 0x87, 0xaf))),
    ])
    func looks(spec: String, look: Look) throws {
        #expect(
            try ThemeCatalog.parseLook(spec, palette: ["brand": .rgb(0x5f, 0x87, 0xaf)], file: "t", line: 1) == look)
    }

    @Test(arguments: ["purple", "cyan on", "red blue", "#12345", "256", "#gggggg"])
    func badLooksSayWhy(spec: String) {
        #expect(throws: ThemeError.self) { try ThemeCatalog.parseLook(spec, palette: [:], file: "t", line: 3) }
    }

    func catalog(_ themes: [String: String]) -> ThemeCatalog { ThemeCatalog(builtIn: themes, userDirectory: nil) }

    @Test func errorsNameTheFileAndLine() {
        let cases: [(String, String, Int?)] = [
            ("[roles]\nheader = \"cyan\"\nfooter = \"red\"\n", "unknown role 'footer'", 3),
            ("[roles]\n\nheader = \"purple bold\"\n", "'purple'", 3),
            ("[roles\nheader = 1\n", "invalid TOML", 1),
            ("colour = \"red\"\n", "unknown key 'colour'", 1),
            ("[roles]\nheader = 5\n", "must be a string", 2),
            ("[palette]\nbrand = \"nope\"\n", "palette colour 'brand'", 2),
        ]
        for (text, words, line) in cases {
            let error = #expect(throws: ThemeError.self) { try catalog(["bad": text]).load("bad") }
            #expect(error?.description.contains(words) == true, "\(error?.description ?? "")")
            #expect(error?.line == line, "\(text)")
            #expect(error?.file == "built-in theme 'bad'")
        }
    }

    @Test func inheritanceMergesPalettesAndRoles() throws {
        let themes = [
            "base": "[palette]\nink = \"red\"\n[roles]\nheader = \"ink bold\"\ntitle = \"blue\"\n",
            "child": "inherits = \"base\"\n[palette]\nink = \"green\"\n[roles]\ntitle = \"ink\"\n",
        ]
        let child = try catalog(themes).load("child")
        #expect(child.looks[.header] == Look(foreground: .ansi(2), modifiers: .bold))
        #expect(child.looks[.title] == Look(foreground: .ansi(2)))
        let light = try ThemeCatalog(userDirectory: nil).load("solarized-light")
        let dark = try ThemeCatalog(userDirectory: nil).load("solarized-dark")
        #expect(light.looks[.selected] != dark.looks[.selected])
        #expect(light.looks[.header] == dark.looks[.header])
    }

    @Test func inheritanceCyclesAndUnknownParentsAreRefused() {
        let cycle = catalog(["a": "inherits = \"b\"\n", "b": "inherits = \"a\"\n"])
        #expect(
            (#expect(throws: ThemeError.self) { try cycle.load("a") })?.description.contains("inherits itself") == true)
        let orphan = catalog(["a": "inherits = \"nowhere\"\n"])
        #expect((#expect(throws: ThemeError.self) { try orphan.load("a") })?.description.contains("available") == true)
    }

    @Test func userThemesOverrideBuiltInsAndPathsLoad() throws {
        let directory = NSTemporaryDirectory() + "rapport-themes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "inherits = \"default\"\n[roles]\nheader = \"red\"\n".write(
            toFile: directory + "/light.toml", atomically: true, encoding: .utf8)
        try "[roles]\ntitle = \"green\"\n".write(toFile: directory + "/mine.toml", atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog(userDirectory: directory)
        #expect(try catalog.load("light").looks[.header] == Look(foreground: .ansi(1)))
        #expect(catalog.names().first == "default")
        #expect(catalog.names().contains("mine"))
        #expect(catalog.isUserTheme("light"))
        #expect(try catalog.load(directory + "/mine.toml").looks[.title] == Look(foreground: .ansi(2)))
    }
}

@Suite struct ColorDowngradeTests {
    @Test(
        arguments: [
            (ThemeColor.rgb(255, 135, 0), ColorLevel.full256, 208), (.rgb(0, 0, 0), .full256, 16),
            (.rgb(255, 255, 255), .full256, 231),
            (.rgb(128, 128, 128), .full256, 244), (.rgb(0x26, 0x8b, 0xd2), .full256, 32),
            (.indexed(208), .full256, 208),
            (.rgb(255, 0, 0), .sixteen, 9), (.rgb(205, 0, 0), .sixteen, 1), (.indexed(46), .sixteen, 10),
            (.indexed(21), .sixteen, 4),
            (.rgb(255, 0, 0), .eight, 1), (.ansi(14), .eight, 6), (.ansi(14), .sixteen, 14), (.indexed(9), .eight, 1),
            (.indexed(250), .eight, 7),
        ] as [(ThemeColor, ColorLevel, Int)])
    func nearest(color: ThemeColor, level: ColorLevel, index: Int) {
        #expect(color.index(at: level) == index)
    }

    @Test func defaultAndMonochromeHaveNoColour() {
        #expect(ThemeColor.terminalDefault.index(at: .full256) == nil)
        for level in [ColorLevel.monochrome] {
            #expect(ThemeColor.rgb(1, 2, 3).index(at: level) == nil)
            #expect(ThemeColor.ansi(3).index(at: level) == nil)
        }
    }

    @Test func monochromeKeepsTheImportantRolesVisible() throws {
        let theme = try ThemeCatalog(userDirectory: nil).load("default")
        #expect(theme.look(.selected, at: .monochrome).modifiers.contains(.reverse))
        #expect(theme.look(.header, at: .monochrome).modifiers.contains(.bold))
        #expect(theme.look(.selected, at: .monochrome).foreground == nil)
    }

    @Test(arguments: [
        (0, [String: String](), ColorLevel.monochrome), (8, [:], .eight), (16, [:], .sixteen), (256, [:], .full256),
        (256, ["NO_COLOR": "1"], .monochrome), (256, ["NO_COLOR": ""], .full256),
    ])
    func levels(colors: Int, environment: [String: String], level: ColorLevel) {
        #expect(ColorLevel.detect(colors: colors, environment: environment) == level)
    }

    @Test(arguments: ["default", "#0a0B0c", "bright-white", "brightwhite", "gray", "0", "255"])
    func colourForms(text: String) {
        #expect(ThemeColor(text) != nil)
    }
}

@Suite struct ThemedFrameTests {
    /// The frame as a 256-colour terminal would get it: SGR codes wherever the look changes.
    func ansi(_ frame: Frame, _ theme: Theme, _ level: ColorLevel) -> String {
        var out = ""
        for y in 0..<frame.height {
            var current: String?
            for x in 0..<frame.width where !frame[x, y].continuation {
                let look = theme.look(frame[x, y].style, at: level)
                var codes = ["0"]
                for (name, modifier) in Modifiers.names where look.modifiers.contains(modifier) {
                    codes.append(["bold": "1", "dim": "2", "italic": "3", "underline": "4", "reverse": "7"][name]!)
                }
                if let foreground = look.foreground { codes.append("38;5;\(foreground)") }
                if let background = look.background { codes.append("48;5;\(background)") }
                let sgr = "\u{1B}[" + codes.joined(separator: ";") + "m"
                if sgr != current {
                    out += sgr
                    current = sgr
                }
                out += frame[x, y].text
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }

    @Test(arguments: ["default", "light", "high-contrast", "solarized-dark", "solarized-light", "monochrome"])
    func suppliersPaneInEveryTheme(name: String) throws {
        let theme = try ThemeCatalog(userDirectory: nil).load(name)
        let asOf = Day("2026-06-30")!
        var state = AppState(
            portfolio: DemoGenerator(accounts: 60, seed: 2, end: asOf, interactionsPerAccount: 3).generate(),
            asOf: asOf,
            width: 80, height: 24, storeLabel: "demo")
        _ = state.update(.key(.char("3")))
        let text = ansi(state.render(), theme, .full256)
        let file = repository.appendingPathComponent("Tests/RapportToolsTests/__Snapshots__/suppliers-\(name).ansi")
        if ProcessInfo.processInfo.environment["RAPPORT_RECORD_SNAPSHOTS"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            text == (try String(contentsOf: file, encoding: .utf8)), "suppliers-\(name).ansi differs; `cat` it to look")
    }
}

@Suite struct SavedViewsConfigTests {
    @Test func viewsReplaceTheirSectionAndKeepTheRest() {
        let text = """
            # my settings
            me = "ann@example.com"   # me
            mouse = false

            [views]
            old = ["pane tiers"]
            """
        let views = ["late \"A\"": ["pane tiers", "tier A", "filter a\\b"], "mine": ["pane agenda", "mine on"]]
        let written = UserConfig.replacingViews(in: text, with: views)
        #expect(written.hasPrefix("# my settings\nme = \"ann@example.com\"   # me\nmouse = false\n\n[views]\n"))
        #expect(!written.contains("old ="))
        let read = UserConfig.parse(written, file: "config.toml")
        #expect(read.problem == nil && read.views == views && read.me == "ann@example.com" && !read.mouse)
        #expect(
            UserConfig.replacingViews(in: written, with: [:])
                == "# my settings\nme = \"ann@example.com\"   # me\nmouse = false\n")
    }

    @Test func savingWritesTheFileWholeAndThroughALink() throws {
        let directory = NSTemporaryDirectory() + "rapport-config-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/dotfiles", withIntermediateDirectories: true)
        try "me = \"bo\"\n".write(toFile: directory + "/dotfiles/rapport.toml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: directory + "/rapport", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/rapport/config.toml", withDestinationPath: directory + "/dotfiles/rapport.toml")
        try UserConfig.saveViews(["a": ["pane partners"]], to: directory + "/rapport/config.toml")
        // The link stays a link; the file it points to holds the views and the old setting.
        #expect(
            (try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/rapport/config.toml")) != nil)
        let read = UserConfig.load(from: directory + "/rapport/config.toml")
        #expect(read.me == "bo" && read.views == ["a": ["pane partners"]])
        // A new file is created private.
        try UserConfig.saveViews(["b": ["pane agenda"]], to: directory + "/new/config.toml")
        let mode = try FileManager.default.attributesOfItem(atPath: directory + "/new/config.toml")[.posixPermissions]
        #expect(mode as? Int == 0o600)
    }
}
