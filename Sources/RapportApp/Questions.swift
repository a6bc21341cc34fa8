import RapportDomain

/// The questions a user asks as filters (`:moved down`, `:rhythm late`, `:standing blocked`):
/// each narrows the pane that answers it.
public struct Questions: Hashable, Sendable {
    /// Tiers: customers whose tier moved this way.
    public var moved: Movement?
    /// Tiers: customers whose previous tier was this one.
    public var was: Tier?
    /// Tiers: customers whose reorder rhythm has this status.
    public var rhythm: RhythmStatus?
    /// Partners: candidates in this quadrant.
    public var quadrant: Quadrant?
    /// Accounts: suppliers with this standing.
    public var standing: Standing?
    /// Accounts: suppliers in this Kraljic category.
    public var kraljic: KraljicCategory?
    /// Accounts: accounts with no owner, or a missing or inactive one.
    public var unowned = false

    public init() {}

    public var isEmpty: Bool { self == Questions() }

    /// The questions in force, as the commands that ask them: `moved down`, `rhythm late`.
    public var commands: [String] { QuestionCommand.all.compactMap { $0.asked(in: self) } }

    func admits(_ row: TierRow) -> Bool {
        (moved == nil || row.movement == moved) && (was == nil || row.previousTier == was)
    }
}

/// One question command: its name, the pane that answers it, and the values it takes.
struct QuestionCommand: Sendable {
    let name: String
    let pane: Pane
    /// The values as typed and completed (empty: the command takes none).
    let values: [String]
    /// The question's value now, as typed (nil: not asked; "on" for a command without values).
    let get: @Sendable (Questions) -> String?
    /// Sets the question to the value, one of `values` (nil clears it; a command without values
    /// is given "on").
    let set: @Sendable (inout Questions, String?) -> Void

    /// The command that asks the question as it stands in `questions` (nil: not asked).
    func asked(in questions: Questions) -> String? {
        get(questions).map { values.isEmpty ? name : name + " " + $0 }
    }

    /// Every question command, in the order the help lists them.
    static let all: [QuestionCommand] = [
        QuestionCommand(
            name: "moved", pane: .tiers, values: Movement.allCases.map(\.rawValue), get: { $0.moved?.rawValue },
            set: { $0.moved = $1.flatMap(Movement.init(rawValue:)) }),
        QuestionCommand(
            name: "was", pane: .tiers, values: Tier.allCases.map(\.rawValue), get: { $0.was?.rawValue },
            set: { $0.was = $1.flatMap(Tier.init(rawValue:)) }),
        QuestionCommand(
            name: "rhythm", pane: .tiers, values: RhythmStatus.allCases.map(\.label), get: { $0.rhythm?.label },
            set: { questions, value in questions.rhythm = RhythmStatus.allCases.first { $0.label == value } }),
        QuestionCommand(
            name: "quadrant", pane: .partners, values: Quadrant.allCases.map(\.rawValue),
            get: { $0.quadrant?.rawValue }, set: { $0.quadrant = $1.flatMap(Quadrant.init(rawValue:)) }),
        QuestionCommand(
            name: "standing", pane: .accounts, values: Standing.allCases.map(\.rawValue),
            get: { $0.standing?.rawValue }, set: { $0.standing = $1.flatMap(Standing.init(rawValue:)) }),
        QuestionCommand(
            name: "kraljic", pane: .accounts, values: KraljicCategory.allCases.map(\.rawValue),
            get: { $0.kraljic?.rawValue }, set: { $0.kraljic = $1.flatMap(KraljicCategory.init(rawValue:)) }),
        QuestionCommand(
            name: "unowned", pane: .accounts, values: [], get: { $0.unowned ? "on" : nil },
            set: { $0.unowned = $1 != nil }),
    ]

    static func named(_ name: String) -> QuestionCommand? { all.first { $0.name == name } }

    /// The value `typed` names: the one it spells, else the one it begins (case and diacritics
    /// aside); nil with the candidates when it names none or several.
    func value(_ typed: String) -> (value: String?, candidates: [String]) {
        let folded = Dashboard.fold(typed)
        if let exact = values.first(where: { Dashboard.fold($0) == folded }) { return (exact, []) }
        let matches = values.filter { Dashboard.fold($0).hasPrefix(folded) }
        return matches.count == 1 ? (matches[0], []) : (nil, matches)
    }
}

extension AppState {
    /// `:moved down`, `:rhythm late`, `:unowned`…: narrows the pane that answers the question
    /// and goes there. `all` (or nothing, for those that take a value) clears the question.
    mutating func ask(_ command: QuestionCommand, _ argument: String) {
        var value: String?
        if argument.lowercased() == "all" || (argument.isEmpty && !command.values.isEmpty) {
            value = nil
        } else if command.values.isEmpty {
            value = "on"
        } else {
            let (found, candidates) = command.value(argument)
            guard let found else {
                let listed = (candidates.isEmpty ? command.values : candidates).joined(separator: ", ")
                say(
                    "\(command.name): '\(argument)' is \(candidates.isEmpty ? "not one of" : "the start of several of"): "
                        + "\(listed), or all", error: true)
                return
            }
            value = found
        }
        command.set(&questions, value)
        switchPane(to: command.pane)
        if command.pane == .tiers { paretoView = false }
        self[focusedList].selected = 0
        self[focusedList].top = 0
        say(
            paneQuestions.isEmpty
                ? "\(pane.title): no question asked"
                : "Showing \(paneQuestions.joined(separator: ", ")) (:\(command.name) all, or :clear)")
    }

    /// The questions the current pane answers, for its status line.
    var paneQuestions: [String] {
        QuestionCommand.all.filter { $0.pane == pane }.compactMap { $0.asked(in: questions) }
    }

    /// Accounts the Accounts pane keeps under its questions (nil: no question asked of it).
    var accountQuestion: ((String) -> Bool)? {
        let questions = self.questions
        guard questions.standing != nil || questions.kraljic != nil || questions.unowned else { return nil }
        let (portfolio, suppliers) = (self.portfolio, dashboard.supplierRows)
        return { id in
            if let standing = questions.standing, suppliers[id]?.standing != standing { return false }
            if let kraljic = questions.kraljic, suppliers[id]?.kraljic != kraljic { return false }
            if questions.unowned {
                let owner = portfolio.accounts[id]?.ownerId.flatMap { portfolio.owners[$0] }
                if owner?.active == true { return false }
            }
            return true
        }
    }
}

// MARK: Saved views

extension AppState {
    /// The view on screen as the commands that rebuild it: the pane, its filters and questions,
    /// the typed filter, the sort and `m`. What `:save` keeps and `:view` runs.
    var viewCommands: [String] {
        var commands = ["pane \(pane.title.lowercased())"]
        if let tierFilter { commands.append("tier \(tierFilter.rawValue)") }
        if let industry = segment.industry { commands.append("industry \(industry)") }
        if let region = segment.region { commands.append("region \(region)") }
        if let frequency = segment.frequency { commands.append("freq \(frequency.rawValue)") }
        commands += questions.commands
        if let kinds = agendaNarrowing?.kinds, kinds == [.overdue] { commands.append("overdue") }
        let list = focusedList == .detail ? ListID.tiers : focusedList
        let state = self[list]
        let sorts = model(list).sorts
        if state.sortColumn > 0 || state.reversed, sorts.indices.contains(state.sortColumn) {
            commands.append("sort " + (state.reversed ? "-" : "") + sorts[state.sortColumn])
        }
        if !state.filter.isEmpty { commands.append("filter \(state.filter)") }
        if mine { commands.append("mine on") }
        return commands
    }

    /// `:save NAME`: keeps the view in the user's config.toml.
    mutating func saveView(_ name: String) -> [Effect] {
        guard !name.isEmpty else {
            say("save: give the view a name, e.g. :save late A customers", error: true)
            return []
        }
        guard name.count <= 60, !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            say("save: a view's name is up to 60 characters, with no control characters", error: true)
            return []
        }
        savedViews[name] = viewCommands
        say("Saved the view '\(name)': \(viewCommands.joined(separator: ", ")) (:view \(name) shows it again)")
        return [.saveViews(savedViews)]
    }

    /// `:view NAME`: everything cleared, then the saved view's commands run.
    mutating func showView(_ name: String) -> [Effect] {
        guard !name.isEmpty else {
            say(
                savedViews.isEmpty
                    ? "No saved views yet: set up a pane and :save NAME"
                    : "Views: " + savedViews.keys.sorted().joined(separator: ", "), error: savedViews.isEmpty)
            return []
        }
        let folded = Dashboard.fold(name)
        guard
            let key = savedViews.keys.first(where: { Dashboard.fold($0) == folded })
                ?? savedViews.keys.sorted().first(where: { Dashboard.fold($0).hasPrefix(folded) })
        else {
            say(
                "view: no view is named '\(name)'"
                    + (savedViews.isEmpty
                        ? "; :save NAME keeps one" : "; views: " + savedViews.keys.sorted().joined(separator: ", ")),
                error: true)
            return []
        }
        tierFilter = nil
        segment = Segment()
        questions = Questions()
        agendaNarrowing = nil
        if mine { mine = false }
        for list in ListID.allCases where list != .detail { self[list] = ListState() }
        var effects: [Effect] = []
        var failed: Message?
        for command in savedViews[key] ?? [] {
            effects += run(command: command)
            if message?.isError == true, failed == nil { failed = message }
        }
        if let failed {
            message = Message("view '\(key)': \(failed.text)", isError: true)
        } else {
            say("View '\(key)'")
        }
        return effects
    }

    /// `:pane NAME` (or a number): goes to that pane.
    mutating func goToPane(_ argument: String) {
        let folded = Dashboard.fold(argument)
        guard
            let target = Int(argument).flatMap({ Pane(rawValue: $0 - 1) })
                ?? Pane.allCases.first(where: { Dashboard.fold($0.title).hasPrefix(folded) && !folded.isEmpty })
        else {
            say("pane: use 1–5 or " + Pane.allCases.map { $0.title.lowercased() }.joined(separator: ", "), error: true)
            return
        }
        switchPane(to: target)
    }

    /// `:sort NAME` (`-NAME` reversed): sorts the pane's list by that column.
    mutating func sort(by argument: String) {
        let reversed = argument.hasPrefix("-")
        let name = Dashboard.fold(reversed ? String(argument.dropFirst()) : argument)
        let list = focusedList
        let sorts = model(list).sorts
        guard
            let column = sorts.firstIndex(where: { Dashboard.fold($0) == name })
                ?? sorts.firstIndex(where: { Dashboard.fold($0).hasPrefix(name) && !name.isEmpty })
        else {
            say("sort: this list sorts by " + sorts.joined(separator: ", "), error: true)
            return
        }
        self[list].sortColumn = column
        self[list].reversed = reversed
        sortChanged()
    }
}
