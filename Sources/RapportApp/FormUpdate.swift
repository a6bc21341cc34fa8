import RapportDomain

extension AppState {
    /// Asks the shell to save changes, remembering the records as they are now so that `u` can
    /// bring them back.
    mutating func commit(_ changes: [Change], done: String, fromForm: Bool = false) -> [Effect] {
        let before = changes.map { change -> AnyRecord? in
            change.id.isEmpty ? nil : portfolio.record(of: change.kind, id: change.id)
        }
        pending = PendingCommit(intent: .edit, done: done, before: before, fromForm: fromForm, step: nil)
        return [.commit(changes)]
    }

    /// The shell reports on the last commit.
    mutating func finish(_ outcome: CommitOutcome) -> [Effect] {
        switch outcome {
        case .saved(_, let portfolio), .conflict(_, let portfolio): recompute(.edited(portfolio))
        case .failed: break
        }
        guard let pending else { return [] }
        self.pending = nil
        switch outcome {
        case .saved(let stored, _):
            let transitions = zip(pending.before, stored).map { before, change in
                let after: AnyRecord? = if case .put(let record, _) = change { record } else { nil }
                return RecordTransition(kind: change.kind, id: change.id, before: before, after: after)
            }
            let step = UndoStep(done: pending.done, transitions: transitions)
            switch pending.intent {
            case .edit:
                undoSteps.append(step)
                redoSteps.removeAll()
                say(pending.done + "  (u undoes)")
            case .undo:
                redoSteps.append(step)
                say("Undone: \(pending.done)  (Ctrl-R redoes)")
            case .redo:
                undoSteps.append(step)
                say("Redone: \(pending.done)")
            }
            if pending.fromForm { form = nil }
            // Show what was just added: select it in the list in front of the user.
            if pending.intent == .edit, let added = transitions.first(where: { $0.before == nil && $0.after != nil }) {
                if detail != nil, added.kind == detailSection.kind {
                    select(added.id, in: .detail)
                } else if detail == nil, added.kind == .account || added.kind == .owner {
                    select(added.id, in: focusedList)
                }
            }
            if let detail, detailSection == .history { return historyRequest(detail) }
        case .conflict(let error, _):
            if pending.fromForm, form != nil {
                showConflict(error)
            } else if pending.intent == .edit {
                say(
                    "not saved: someone else changed \(named(error)) meanwhile; the screen now shows their change, "
                        + "so make yours again", error: true)
            } else {
                say(
                    "cannot \(pending.intent == .undo ? "undo" : "redo") '\(pending.done)': someone changed "
                        + "\(named(error)) since; make the change by hand", error: true)
            }
        case .failed(let message):
            if pending.fromForm, form != nil { form?.formError = "not saved: " + message }
            if let step = pending.step { pending.intent == .undo ? undoSteps.append(step) : redoSteps.append(step) }
            say("not saved: \(message)", error: true)
        }
        return []
    }

    // MARK: Undo

    mutating func undo(redo: Bool) -> [Effect] {
        guard let step = redo ? redoSteps.popLast() : undoSteps.popLast() else {
            say(redo ? "Nothing to redo" : "Nothing to undo in this session")
            return []
        }
        let changes = step.revert
        pending = PendingCommit(
            intent: redo ? .redo : .undo, done: step.done, before: step.transitions.reversed().map(\.after),
            fromForm: false, step: step)
        return [.commit(changes)]
    }

    // MARK: Opening forms

    mutating func open(_ newForm: Form) {
        form = newForm
        confirm = nil
    }

    /// `a`: add what the context is about.
    mutating func add() -> [Effect] {
        if let detail, let account = portfolio.accounts[detail] {
            switch detailSection {
            case .interactions: open(.interaction(nil, account: account, in: portfolio, today: today))
            case .contacts: open(.contact(nil, account: account))
            case .sales:
                guard account.isCustomer else { return refuse("\(account.name) is not a customer; sales need one") }
                open(.sale(nil, account: account, today: today))
            case .purchases:
                guard account.isSupplier else { return refuse("\(account.name) is not a supplier; purchases need one") }
                open(.purchase(nil, account: account, today: today))
            case .evaluations:
                guard account.isSupplier else {
                    return refuse("\(account.name) is not a supplier; only suppliers are evaluated")
                }
                open(.evaluation(nil, account: account, today: today))
            case .history:
                return refuse("history cannot be added to; ←/→ pick a section to add to (contacts, interactions…)")
            }
            return []
        }
        if pane == .suppliers, !ownerAccountsFocused {
            open(.owner(nil))
        } else {
            open(.account(nil, in: portfolio))
        }
        return []
    }

    /// `e`: edit the selected record.
    mutating func edit() -> [Effect] {
        if let detail, let account = portfolio.accounts[detail] {
            guard detailSection != .history else {
                open(.account(account, in: portfolio))
                return []
            }
            guard let record = selectedDetailRecord else {
                return refuse("nothing selected to edit; a adds one, or Esc and e edits the account")
            }
            switch record {
            case .contact(let value): open(.contact(value, account: account))
            case .interaction(let value): open(.interaction(value, account: account, in: portfolio, today: today))
            case .sale(let value): open(.sale(value, account: account, today: today))
            case .purchase(let value): open(.purchase(value, account: account, today: today))
            case .evaluation(let value): open(.evaluation(value, account: account, today: today))
            default: break
            }
            return []
        }
        if pane == .suppliers, !ownerAccountsFocused {
            guard let id = selectedOwnerId, let owner = portfolio.owners[id] else {
                return refuse("select an owner to edit (the Unassigned row is not one)")
            }
            open(.owner(owner))
            return []
        }
        guard let id = selectedAccountId, let account = portfolio.accounts[id] else {
            return refuse("select an account to edit")
        }
        open(.account(account, in: portfolio))
        return []
    }

    /// `r`: rate the selected account.
    mutating func rate() -> [Effect] {
        guard let id = actionAccount, let account = portfolio.accounts[id] else {
            return refuse("select an account to rate")
        }
        open(.ratings(account))
        return []
    }

    /// `E`: the account's notes in the user's editor.
    mutating func editNotes() -> [Effect] {
        guard let id = actionAccount, let account = portfolio.accounts[id] else {
            return refuse("select an account whose notes to edit")
        }
        return [.editNotes(account: id, text: account.notes, base: account.version)]
    }

    mutating func notesEdited(account id: String, base: Int, text: String) -> [Effect] {
        guard var account = portfolio.accounts[id] else {
            say("the account was deleted while you edited its notes; nothing saved", error: true)
            return []
        }
        // Editors add a final newline; do not store it as a change.
        var notes = text
        while notes.hasSuffix("\n") { notes.removeLast() }
        guard notes != account.notes || account.version != base else {
            say("Notes unchanged")
            return []
        }
        if let problem = FieldRules.text(notes, field: "notes") {
            say("notes not saved: \(problem.message)", error: true)
            return []
        }
        account.notes = notes
        let changes: [Change] = [.put(.account(account), base: base)]
        return commit(changes, done: "Saved the notes of \(account.name)")
    }

    /// `d`: delete the selected record, saying what depends on it and offering archiving instead.
    mutating func delete() -> [Effect] {
        if detail != nil {
            guard detailSection != .history, let record = selectedDetailRecord else {
                return refuse("select a contact, interaction, sale, purchase or evaluation to delete")
            }
            confirm = Confirm(
                title: "Delete \(record.kind.rawValue)",
                lines: ["Delete this \(record.kind.rawValue): \(describe(record))?"],
                actions: [
                    ConfirmAction(
                        key: "y", label: "delete it",
                        changes: [.delete(record.kind, id: record.id, base: record.version)],
                        done: "Deleted \(record.kind.rawValue) \(describe(record))")
                ])
            return []
        }
        if pane == .suppliers, !ownerAccountsFocused {
            guard let id = selectedOwnerId, let owner = portfolio.owners[id] else {
                return refuse("select an owner to delete (the Unassigned row is not one)")
            }
            let dependents = portfolio.dependents(of: .owner, id: id)
            var deactivated = owner
            deactivated.active = false
            let list = dependents.map { "\($0.count) \($0.count == 1 ? $0.kind.rawValue : $0.kind.plural)" }
            confirm =
                dependents.isEmpty
                ? Confirm(
                    title: "Delete owner", lines: ["Delete owner \(owner.name)? Nothing refers to them."],
                    actions: [
                        ConfirmAction(
                            key: "y", label: "delete", changes: [.delete(.owner, id: id, base: owner.version)],
                            done: "Deleted owner \(owner.name)")
                    ])
                : Confirm(
                    title: "Owner has history",
                    lines: [
                        "\(owner.name) is named on " + list.joined(separator: " and ") + ".",
                        "Deleting would leave those without their owner's record.",
                        "Mark them inactive instead: their key accounts show as unassigned.",
                    ],
                    actions: owner.active
                        ? [
                            ConfirmAction(
                                key: "i", label: "mark inactive",
                                changes: [.put(.owner(deactivated), base: owner.version)],
                                done: "\(owner.name) is inactive now")
                        ] : [])
            return []
        }
        guard let id = selectedAccountId, let account = portfolio.accounts[id] else {
            return refuse("select an account to delete")
        }
        let dependents = portfolio.dependents(of: .account, id: id)
        var archived = account
        archived.status = .archived
        if dependents.isEmpty {
            confirm = Confirm(
                title: "Delete account", lines: ["Delete \(account.name)? It has no contacts or history."],
                actions: [
                    ConfirmAction(
                        key: "y", label: "delete", changes: [.delete(.account, id: id, base: account.version)],
                        done: "Deleted \(account.name)")
                ])
        } else {
            let list = dependents.map { "\($0.count) \($0.count == 1 ? $0.kind.rawValue : $0.kind.plural)" }
            confirm = Confirm(
                title: "Account has history",
                lines: [
                    "\(account.name) has " + list.joined(separator: ", ") + ".",
                    "Deleting it would lose that history, so Rapport archives instead:",
                    "an archived account keeps its records and leaves the tiers.",
                ],
                actions: account.isArchived
                    ? []
                    : [
                        ConfirmAction(
                            key: "a", label: "archive it", changes: [.put(.account(archived), base: account.version)],
                            done: "Archived \(account.name)")
                    ])
        }
        return []
    }

    /// The record a conflict is about, as users know it: "the account Atlas AG".
    func named(_ error: ConflictError) -> String {
        guard let record = portfolio.record(of: error.kind, id: error.id) else { return "a \(error.kind.rawValue)" }
        return "the \(error.kind.rawValue) \(describe(record))"
    }

    func describe(_ record: AnyRecord) -> String {
        switch record {
        case .account(let value): value.name
        case .owner(let value): value.name
        case .contact(let value): value.name
        case .interaction(let value): "\(value.date) \(value.channel.rawValue): \(value.summary)"
        case .sale(let value): "\(value.date) \(value.amount.grouped)"
        case .purchase(let value): "\(value.date) \(value.amount.grouped)"
        case .evaluation(let value): "\(value.period)"
        }
    }

    mutating func refuse(_ text: String) -> [Effect] {
        say(text, error: true)
        return []
    }

    mutating func answer(_ question: Confirm, _ key: Key) -> [Effect] {
        confirm = nil
        // A box that only shows something closes on any key.
        if question.actions.isEmpty { return [] }
        guard case .char(let character) = key, let action = question.actions.first(where: { $0.key == character })
        else {
            say("Nothing changed")
            return []
        }
        if let text = action.copy {
            say(action.done)
            return [.copy(text)]
        }
        return commit(action.changes, done: action.done)
    }

    /// The record of the selected row in the account detail.
    var selectedDetailRecord: AnyRecord? {
        guard let kind = detailSection.kind, let row = model(.detail).rows[safe: self[.detail].selected] else {
            return nil
        }
        return portfolio.record(of: kind, id: row.id)
    }

    mutating func switchDetailSection(by delta: Int) -> [Effect] {
        let count = DetailSection.allCases.count
        detailSection = DetailSection(rawValue: (detailSection.rawValue + delta + count) % count)!
        self[.detail] = ListState()
        if detailSection == .history, let detail { return historyRequest(detail) }
        return []
    }

    func historyRequest(_ account: String) -> [Effect] {
        var ids = [account]
        let index = dashboard.index
        ids += (dashboard.contacts[account] ?? []).map(\.id)
        ids += (index.interactions[account] ?? []).map(\.id)
        ids += (index.sales[account] ?? []).map(\.id)
        ids += (index.purchases[account] ?? []).map(\.id)
        ids += (index.evaluations[account] ?? []).map(\.id)
        return [.loadHistory(account: account, ids: ids)]
    }

    // MARK: Typing in a form

    mutating func typeInForm(_ key: Key) -> [Effect] {
        guard var form else { return [] }
        defer { self.form = self.form == nil ? nil : form }
        if form.conflict != nil { return conflictKey(&form, key) }
        if form.confirmDiscard {
            form.confirmDiscard = false
            if key == .char("y") || key == .char("Y") {
                self.form = nil
                say("Discarded the changes")
                return []
            }
            return []
        }
        if form.list != nil {
            if listKey(&form, key) { return [] }
        }
        switch key {
        case .ctrl("s"):
            return save(&form)
        case .escape:
            if form.isDirty {
                form.confirmDiscard = true
            } else {
                self.form = nil
            }
        case .tab, .down:
            leave(&form, to: form.focus + 1, wrap: key == .tab)
        case .backTab, .up:
            leave(&form, to: form.focus - 1, wrap: key == .backTab)
        case .enter:
            if form.focus == form.fields.count - 1 { return save(&form) }
            leave(&form, to: form.focus + 1, wrap: false)
        default:
            if form.focused.type.isChoice {
                switch key {
                case .char(" "):
                    let current = form.listOptions().firstIndex(of: form.focused.text) ?? 0
                    form.list = ChoiceList(query: "", highlighted: current)
                case .char(let character):
                    form.list = ChoiceList(query: String(character), highlighted: 0)
                case .backspace, .delete, .ctrl("u"), .ctrl("w"):
                    form.fields[form.focus].editor.set("")
                    edited(&form)
                default: break
                }
                return []
            }
            if form.fields[form.focus].editor.handle(key) { edited(&form) }
        }
        return []
    }

    /// Keys while a choice list is open; false when the key should act on the form instead.
    func listKey(_ form: inout Form, _ key: Key) -> Bool {
        guard var list = form.list else { return false }
        let options = form.listOptions()
        switch key {
        case .up: list.highlighted = max(0, list.highlighted - 1)
        case .down: list.highlighted = min(max(0, options.count - 1), list.highlighted + 1)
        case .escape:
            form.list = nil
            return true
        case .enter, .tab, .backTab, .ctrl("s"):
            if let pick = options[safe: list.highlighted] {
                form.fields[form.focus].editor.set(pick)
            } else if !list.query.isEmpty {
                form.fields[form.focus].editor.set(list.query)
            }
            form.list = nil
            edited(&form)
            return key == .enter
        case .backspace:
            if list.query.isEmpty {
                form.list = nil
            } else {
                list.query.removeLast()
                list.highlighted = 0
            }
        case .char(let character):
            guard !character.unicodeScalars.contains(where: FieldRules.isControl), list.query.count < 200 else {
                return true
            }
            list.query.append(character)
            list.highlighted = 0
        default: return true
        }
        if form.list != nil { form.list = list }
        return true
    }

    func leave(_ form: inout Form, to index: Int, wrap: Bool) {
        form.touched.insert(form.focus)
        let count = form.fields.count
        form.focus = wrap ? (index + count) % count : max(0, min(count - 1, index))
        validate(&form)
    }

    func edited(_ form: inout Form) {
        form.touched.insert(form.focus)
        form.formError = nil
        validate(&form)
    }

    /// Validation as you type: errors show on fields the user has typed in or passed.
    func validate(_ form: inout Form, all: Bool = false) {
        let errors: [Int: String]
        switch form.build(in: portfolio, today: today) {
        case .success: errors = [:]
        case .failure(let found): errors = found.byField
        }
        for index in form.fields.indices {
            form.fields[index].error = (all || form.touched.contains(index)) ? errors[index] : nil
        }
        if all { form.formError = errors[-1] }
    }

    mutating func save(_ form: inout Form) -> [Effect] {
        switch form.build(in: portfolio, today: today) {
        case .failure(let errors):
            form.touched = Set(form.fields.indices)
            validate(&form, all: true)
            if let first = errors.byField.keys.filter({ $0 >= 0 }).min() { form.focus = first }
            let count = errors.byField.count
            say("Not saved: \(count) field\(count == 1 ? "" : "s") to fix (marked in red)", error: true)
            return []
        case .success(let record):
            if let original = form.original, original == record, form.base == original.version {
                self.form = nil
                say("No changes to save")
                return []
            }
            let verb = form.original == nil ? "Added" : "Saved"
            let name = describe(record)
            let what = form.kind == .ratings ? "the ratings of \(name)" : "\(record.kind.rawValue) \(name)"
            return commit([.put(record, base: form.base)], done: "\(verb) \(what)", fromForm: true)
        }
    }

    // MARK: Conflicts

    mutating func showConflict(_ error: ConflictError) {
        guard var form else { return }
        let theirs = portfolio.record(of: error.kind, id: error.id)
        let theirTexts = theirs.map { form.texts(for: $0, in: portfolio, today: today) } ?? form.fields.map { _ in "" }
        // Keep mine where I changed the field; theirs everywhere else.
        let keepMine = form.fields.indices.map { form.fields[$0].text != form.initial[$0] }
        form.conflict = FormConflict(theirs: theirs, theirTexts: theirTexts, keepMine: keepMine)
        self.form = form
        say(
            theirs == nil
                ? "Someone deleted this \(error.kind.rawValue) while you edited it: m saves yours as new, t discards"
                : "Someone saved this \(error.kind.rawValue) while you edited it: choose what to keep", error: true)
    }

    mutating func conflictKey(_ form: inout Form, _ key: Key) -> [Effect] {
        guard var conflict = form.conflict else { return [] }
        let changed = conflictRows(form)
        switch key {
        case .up: conflict.selected = max(0, conflict.selected - 1)
        case .down: conflict.selected = min(max(0, changed.count - 1), conflict.selected + 1)
        case .char(" "):
            if let index = changed[safe: conflict.selected] { conflict.keepMine[index].toggle() }
        case .char("t"):
            self.form = nil
            say("Kept their version; your edit was discarded")
            return []
        case .char("m"), .enter, .ctrl("s"):
            let mineAll = key == .char("m")
            for index in form.fields.indices where !(mineAll || conflict.keepMine[index]) {
                form.fields[index].editor.set(conflict.theirTexts[index])
            }
            // Against their version; if they deleted it, a put with no base recreates it under its id.
            form.base = conflict.theirs?.version
            form.template = conflict.theirs ?? form.original
            form.conflict = nil
            return save(&form)
        case .escape:
            form.conflict = nil
            say("Back to your edit; saving again will show the conflict again", error: true)
            form.base = form.original?.version
            form.template = form.original
            return []
        default: break
        }
        form.conflict = conflict
        return []
    }

    /// Field indexes where theirs and mine differ: what the conflict view lists.
    func conflictRows(_ form: Form) -> [Int] {
        guard let conflict = form.conflict else { return [] }
        return form.fields.indices.filter { form.fields[$0].text != conflict.theirTexts[$0] }
    }
}
