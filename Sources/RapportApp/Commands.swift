import RapportDomain

/// The commands `:` knows, for completion and help.
public let commandNames = [
    "as-of", "tier", "industry", "region", "freq", "moved", "was", "rhythm", "quadrant", "standing", "kraljic",
    "unowned", "overdue", "owner", "mine", "pareto", "filter", "sort", "search", "export", "pane", "save", "view",
    "clear",
    "theme", "help", "quit",
]

extension AppState {
    mutating func run(command text: String) -> [Effect] {
        let parts = text.trimmingASCIIWhitespace().split(separator: " ", maxSplits: 1).map(String.init)
        guard let name = parts.first else { return [] }
        let argument = parts.count > 1 ? String(parts[1].trimmingASCIIWhitespace()) : ""
        switch name {
        case "q", "quit": return [.quit]
        case "help": showHelp = true
        case "mine":
            switch argument.lowercased() {
            case "on" where !mine, "off" where mine, "": toggleMine()
            case "on", "off": break
            default: say("mine: use :mine, :mine on or :mine off", error: true)
            }
        case "save": return saveView(argument)
        case "export": return export(to: argument)
        case "search": search(argument)
        case "view": return showView(argument)
        case "pane": goToPane(argument)
        case "sort": sort(by: argument)
        case "pareto":
            switchPane(to: .tiers)
            paretoView = true
        case "filter":
            setFilter(argument)
            say(argument.isEmpty ? "Filter cleared" : "Filter: \(argument)")
        case "as-of":
            guard let day = DateInput.parse(argument.isEmpty ? "today" : argument, today: today) else {
                say("as-of: '\(argument)' is not a date; \(DateInput.hint)", error: true)
                return []
            }
            recompute(.asOf(day))
            say("As of \(day)")
        case "tier":
            switch argument.uppercased() {
            case "A", "B", "C":
                tierFilter = Tier(rawValue: argument.uppercased())
                switchPane(to: .tiers)
                paretoView = false
                self[.tiers].selected = 0
                self[.tiers].top = 0
                say("Showing tier \(argument.uppercased()) only (:tier all for every tier)")
            case "", "ALL":
                tierFilter = nil
                say("Showing every tier")
            default: say("tier: use A, B, C or all", error: true)
            }
        case "industry", "region", "freq":
            setSegment(name, argument)
        case _ where QuestionCommand.named(name) != nil:
            ask(QuestionCommand.named(name)!, argument)
        case "overdue":
            openAgenda(owner: nil, kinds: argument.lowercased() == "all" ? nil : [.overdue])
        case "theme":
            guard !argument.isEmpty else {
                say("theme: give a name: " + themeNames.joined(separator: ", "), error: true)
                return []
            }
            return [.setTheme(argument)]
        case "clear":
            tierFilter = nil
            segment = Segment()
            questions = Questions()
            agendaNarrowing = nil
            setFilter("")
            say("Filters cleared")
        case "owner":
            guard let owner = findOwner(argument) else {
                say("owner: no owner matches '\(argument)'; Tab completes names", error: true)
                return []
            }
            switchPane(to: .suppliers)
            self[.owners].filter = ""
            ownerAccountsFocused = false
            select(owner.id, in: .owners)
            self[.ownerAccounts] = ListState()
        default:
            say(
                "unknown command ':\(name)'; commands: " + commandNames.map { ":" + $0 }.joined(separator: " "),
                error: true)
        }
        return []
    }

    /// `:industry NAME`, `:region NAME`, `:freq BAND` (or `all`) narrow the Tiers pane to a segment.
    mutating func setSegment(_ name: String, _ argument: String) {
        let all = argument.isEmpty || argument.lowercased() == "all"
        switch name {
        case "industry", "region":
            let values = Set(portfolio.accounts.values.map { name == "industry" ? $0.industry : $0.region })
                .filter { !$0.isEmpty }.sorted()
            // The value typed, else the one value it begins, ignoring case and diacritics.
            let typed = Dashboard.fold(argument)
            let matches = values.filter { Dashboard.fold($0).hasPrefix(typed) }
            let value = values.first { Dashboard.fold($0) == typed } ?? (matches.count == 1 ? matches[0] : nil)
            guard all || value != nil else {
                if matches.count > 1 {
                    say(
                        "\(name): '\(argument)' begins \(matches.count): \(matches.prefix(4).joined(separator: ", "))"
                            + (matches.count > 4 ? ", …" : "") + "; type more, or Tab to complete", error: true)
                } else {
                    say("\(name): no account has \(name) '\(argument)'; Tab completes the names", error: true)
                }
                return
            }
            if name == "industry" { segment.industry = all ? nil : value } else { segment.region = all ? nil : value }
        default:
            guard all || FrequencyBand(rawValue: argument) != nil else {
                say(
                    "freq: use " + FrequencyBand.allCases.map(\.rawValue).joined(separator: ", ")
                        + " or all (orders in 12 months)", error: true)
                return
            }
            segment.frequency = all ? nil : FrequencyBand(rawValue: argument)
        }
        switchPane(to: .tiers)
        paretoView = false
        self[.tiers].selected = 0
        self[.tiers].top = 0
        say(
            segment.isEmpty
                ? "Showing every segment" : "Segment: \(segment.summary) (:\(name) all to undo, :clear for all filters)"
        )
    }

}
