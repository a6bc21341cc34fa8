import ArgumentParser
import RapportApp
import RapportTheme
import RapportTools

struct Themes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the themes, or check a theme file.",
        discussion: """
            Built-in themes are compiled in; themes in $XDG_CONFIG_HOME/rapport/themes/NAME.toml \
            (~/.config/rapport/themes) add to them and override a built-in of the same name. \
            Choose one with --theme, RAPPORT_THEME or theme = in config.toml; in the dashboard, \
            t cycles and :theme NAME switches.
            """,
        subcommands: [List.self, CheckTheme.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the themes.")

        func run() throws {
            let catalog = ThemeCatalog()
            for name in catalog.names() {
                let origin =
                    catalog.isUserTheme(name)
                    ? (catalog.builtIn[name] != nil ? "yours, overrides built-in" : "yours") : "built-in"
                CLI.say("\(name)\t\(origin)")
            }
        }
    }

    struct CheckTheme: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Check a theme file: TOML, roles, colours, inheritance.",
            discussion: "Exit code 0 when the theme is usable, 65 with the file, line and reason when it is not.")

        @Argument(help: "The theme file, or a theme name.") var file: String

        func run() throws {
            do {
                let theme = try ThemeCatalog().load(file)
                let missing = Style.allCases.filter { theme.looks[$0] == nil }.map(\.roleName)
                CLI.say(
                    "OK: \(file) is a usable theme"
                        + (missing.isEmpty
                            ? "." : "; roles left at the terminal's default look: " + missing.joined(separator: ", ")))
            } catch let error as ThemeError {
                throw CLI.fail(error.description, code: CLI.dataError)
            }
        }
    }
}
