import RapportDomain

extension AppState {
    /// A key on a pane or an account's page: what the keymap binds it to here, unless that waits
    /// for the rest of a large store.
    mutating func press(_ key: Key) -> [Effect] {
        guard let binding = Keymap.binding(for: key, in: self) else { return [] }
        if let editRefusal, binding.wait == .edits || binding.action == .demo {
            say("Edits are off: \(editRefusal)", error: true)
            return []
        }
        if let loading, let wait = binding.wait {
            switch wait {
            case .edits:
                say(loading.refusal("Edits are"), error: true)
                return []
            case .pane where pane != .accounts && detail == nil:
                say(loading.refusal("This pane is"), error: true)
                return []
            case .pane: break
            }
        }
        return perform(binding.action, key: key)
    }

    /// Does what a binding's action says.
    mutating func perform(_ action: Action, key: Key) -> [Effect] {
        switch action {
        case .quit: return [.quit]
        case .demo: return [.loadDemo]
        case .help: showHelp = true
        case .back: back()
        case .pane:
            guard case .char(let digit) = key, let number = Int(String(digit)), let target = Pane(rawValue: number - 1)
            else { break }
            switchPane(to: target)
        case .nextPane: switchPane(to: Pane(rawValue: (pane.rawValue + 1) % Pane.allCases.count)!)
        case .previousPane:
            switchPane(to: Pane(rawValue: (pane.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!)
        case .up: move(by: -1)
        case .down: move(by: 1)
        case .pageUp: move(by: -max(1, visibleRows(focusedList) - 1))
        case .pageDown: move(by: max(1, visibleRows(focusedList) - 1))
        case .first: move(to: 0)
        case .last: move(to: Int.max)
        case .nextSection: return switchDetailSection(by: 1)
        case .previousSection: return switchDetailSection(by: -1)
        case .ownerAccounts: ownerAccountsFocused = true
        case .owners: ownerAccountsFocused = false
        case .open: enter()
        case .filter: prompt = .filter(self[focusedList].filter)
        case .command: prompt = .command("")
        case .nextMatch: nextMatch(1)
        case .previousMatch: nextMatch(-1)
        case .sort: cycleSort()
        case .reverse:
            self[focusedList].reversed.toggle()
            sortChanged()
        case .mine: toggleMine()
        case .mark: toggleMark()
        case .copy: startCopy()
        case .showRecord: return detailSection == .interactions ? showInteraction() : []
        case .markAll: markAllShown()
        case .assignOwner where !marks.isEmpty && detail == nil: prompt = .bulkOwner(text: "")
        case .log where !marks.isEmpty && detail == nil: prompt = .bulkLog(text: "")
        case .delete where !marks.isEmpty && detail == nil: archiveMarked()
        case .assignOwner where startAgendaOwner(): break
        case .snooze: startSnooze()
        case .log, .assignOwner:
            guard let id = actionAccount, let account = portfolio.accounts[id] else {
                say("select an account first", error: true)
                break
            }
            if action == .log {
                prompt = .log(account: id, text: "")
            } else {
                prompt = .owner(account: id, text: account.ownerId.flatMap { portfolio.owners[$0]?.name } ?? "")
            }
        case .markDone: return markDone()
        case .add: return add()
        case .edit: return edit()
        case .delete: return delete()
        case .rate: return rate()
        case .notes: return editNotes()
        case .undo: return undo(redo: false)
        case .redo: return undo(redo: true)
        case .nextTheme:
            guard !themeNames.isEmpty else { break }
            let index = themeNames.firstIndex(of: themeName) ?? -1
            return [.setTheme(themeNames[(index + 1) % themeNames.count])]
        case .pareto:
            paretoView.toggle()
            say(
                paretoView
                    ? "Pareto curve: cumulative share of value by customer rank (p for the list)" : "Customer list")
        }
        return []
    }

}
