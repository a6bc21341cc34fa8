import RapportDomain

extension AppState {
    /// The longest text a prompt takes.
    static let promptLimit = 2000

    /// A key typed into the prompt: Enter runs it, Esc drops it, Tab completes.
    mutating func typeInPrompt(_ current: Prompt, _ key: Key) -> [Effect] {
        var text = current.text
        switch key {
        case .escape:
            if case .filter = current { setFilter("") }
            prompt = nil
            return []
        case .enter:
            prompt = nil
            switch current {
            case .command: return run(command: text)
            case .log(let account, _): return logInteraction(account: account, text)
            case .owner(let account, _): return assignOwner(account: account, text)
            case .followUpOwner(let interaction, _): return assignFollowUpOwner(interaction, text)
            case .snooze(let interaction, _): return snooze(interaction, text)
            case .bulkOwner: return assignOwner(toMarked: text)
            case .bulkLog: return logInteraction(withMarked: text)
            case .filter: if !text.isEmpty { say("Filter: \(text)  (n/N move, Esc clears)") }
            }
            return []
        case .backspace where text.isEmpty:
            prompt = nil
            return []
        case .tab:
            if case .command = current {
                let (completed, candidates) = complete(text)
                text = completed
                // Where Tab cannot choose, it lists what it could complete to.
                if candidates.count > 1 {
                    let shown = candidates.prefix(12).joined(separator: "  ")
                    say("Tab: " + shown + (candidates.count > 12 ? "  … (\(candidates.count))" : ""))
                }
            }
            if case .owner = current { text = completeOwner(text) }
            if case .followUpOwner = current { text = completeOwner(text) }
            if case .bulkOwner = current { text = completeOwner(text) }
        default:
            // The keys that edit every field edit the prompt too; its cursor stays at the end.
            var editor = LineEditor(text, limit: Self.promptLimit)
            guard editor.handle(key) else { return [] }
            text = editor.text
        }
        switch current {
        case .filter:
            prompt = .filter(text)
            setFilter(text)
        case .command: prompt = .command(text)
        case .log(let account, _): prompt = .log(account: account, text: text)
        case .owner(let account, _): prompt = .owner(account: account, text: text)
        case .followUpOwner(let interaction, _): prompt = .followUpOwner(interaction: interaction, text: text)
        case .snooze(let interaction, _): prompt = .snooze(interaction: interaction, text: text)
        case .bulkOwner: prompt = .bulkOwner(text: text)
        case .bulkLog: prompt = .bulkLog(text: text)
        }
        return []
    }

    func findOwner(_ text: String) -> Owner? { portfolio.owners(resembling: text).first }

    func completeOwner(_ text: String) -> String {
        let folded = Dashboard.fold(text)
        let matches = portfolio.owners.values.map(\.name).filter { Dashboard.fold($0).hasPrefix(folded) }.sorted()
        if matches.count == 1 { return matches[0] }
        guard let shared = commonPrefix(matches), shared.count > text.count else { return text }
        return shared
    }

    mutating func setFilter(_ text: String) {
        let list = focusedList
        self[list].filter = text
        self[list].selected = 0
        self[list].top = 0
    }

    /// Completes a command name, or its argument; with the candidates when several remain.
    func complete(_ text: String) -> (text: String, candidates: [String]) {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count <= 1 {
            let matches = commandNames.filter { $0.hasPrefix(parts.first ?? "") }
            if matches.count == 1 { return (matches[0] + " ", []) }
            return (commonPrefix(matches) ?? text, matches)
        }
        let argument = parts[1]
        let options: [String]
        switch parts[0] {
        case "tier": options = ["A", "B", "C", "all"]
        case "industry":
            options = Set(portfolio.accounts.values.map(\.industry)).filter { !$0.isEmpty }.sorted() + ["all"]
        case "region": options = Set(portfolio.accounts.values.map(\.region)).filter { !$0.isEmpty }.sorted() + ["all"]
        case "freq": options = FrequencyBand.allCases.map(\.rawValue) + ["all"]
        case "theme": options = themeNames
        case "owner": options = portfolio.owners.values.map(\.name).sorted()
        case "view": options = savedViews.keys.sorted()
        case "pane": options = Pane.allCases.map { $0.title.lowercased() }
        case "sort": options = model(focusedList).sorts
        case "as-of": options = ["today", dashboard.asOf.description]
        default: options = QuestionCommand.named(parts[0]).map { $0.values + ["all"] } ?? []
        }
        let folded = Dashboard.fold(argument)
        let matches = options.filter { Dashboard.fold($0).hasPrefix(folded) }
        if matches.count == 1 { return (parts[0] + " " + matches[0], []) }
        // Never shorten what was typed: extend it only by what every match shares.
        guard let shared = commonPrefix(matches), shared.count > argument.count else { return (text, matches) }
        return (parts[0] + " " + shared, matches)
    }

    func commonPrefix(_ words: [String]) -> String? {
        guard var prefix = words.first else { return nil }
        for word in words.dropFirst() { while !word.hasPrefix(prefix) { prefix.removeLast() } }
        return prefix
    }

}

extension Portfolio {
    /// The owners `text` names: the one with that id, email or exact name, else every owner whose
    /// name holds the text, case and diacritics aside, by name. The dashboard's prompts take the
    /// first; `report --owner` wants exactly one.
    public func owners(resembling text: String) -> [Owner] {
        guard !text.isEmpty else { return [] }
        if let owner = owner(matching: text) { return [owner] }
        let folded = Dashboard.fold(text)
        return owners.values.filter { Dashboard.fold($0.name).contains(folded) }
            .sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }
}
