import RapportDomain

extension AppState {
    /// Lists whose rows are accounts, where Space and `*` mark them.
    var marksAccounts: Bool {
        detail == nil && ListID.ofAccounts.contains(focusedList)
    }

    /// Space: marks the selected account (or unmarks it) and moves down.
    mutating func toggleMark() {
        guard marksAccounts, let id = selectedAccountId else {
            say("Space marks accounts in the Tiers, Partners, key-account and Accounts lists", error: true)
            return
        }
        if marks.remove(id) == nil { marks.insert(id) }
        move(by: 1)
        sayMarks()
    }

    /// `*`: marks every row shown; when they are all marked already, unmarks them.
    mutating func markAllShown() {
        guard marksAccounts else {
            say("* marks accounts in the Tiers, Partners, key-account and Accounts lists", error: true)
            return
        }
        let shown = model(focusedList).rows.map(\.id)
        if shown.allSatisfy(marks.contains) {
            marks.subtract(shown)
        } else {
            marks.formUnion(shown)
        }
        sayMarks()
    }

    mutating func sayMarks() {
        say(
            marks.isEmpty
                ? "No accounts marked"
                : "\(marks.count) marked: o assigns an owner, i logs, d archives, :export FILE.csv; Esc unmarks")
    }

    /// The marked accounts that still exist, by name.
    var markedAccounts: [Account] {
        marks.compactMap { portfolio.accounts[$0] }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }

    // MARK: Bulk actions

    /// `o` with marks: one owner for every marked account, in one edit.
    mutating func assignOwner(toMarked text: String) -> [Effect] {
        guard let owner = promptedOwner(text) else { return [] }
        let changes: [Change] = markedAccounts.filter { $0.ownerId != owner?.id }.map { account in
            var changed = account
            changed.ownerId = owner?.id
            return .put(.account(changed), base: account.version)
        }
        guard !changes.isEmpty else {
            say("Every marked account already has that owner")
            return []
        }
        let count = changes.count
        marks = []
        return commit(
            changes,
            done: owner.map { "\(count) account\(count == 1 ? "" : "s") now owned by \($0.name)" }
                ?? "\(count) account\(count == 1 ? " has" : "s have") no owner now")
    }

    /// `i` with marks: the same interaction logged with every marked account, in one edit.
    mutating func logInteraction(withMarked text: String) -> [Effect] {
        switch AppState.parseLog(text, today: today) {
        case .failure(let error):
            say("log: " + error.message, error: true)
            return []
        case .success(let (channel, kind, summary, followUp)):
            let accounts = markedAccounts
            let changes: [Change] = accounts.map { account in
                .put(
                    .interaction(
                        Interaction(
                            id: "", accountId: account.id, date: today, channel: channel, kind: kind, summary: summary,
                            ownerId: account.ownerId, followUp: followUp)), base: nil)
            }
            marks = []
            return commit(
                changes,
                done: "Logged a \(channel.rawValue) with \(accounts.count) account\(accounts.count == 1 ? "" : "s")")
        }
    }

    /// `d` with marks: asks, then archives every marked account that is not archived yet.
    mutating func archiveMarked() {
        let accounts = markedAccounts.filter { !$0.isArchived }
        guard !accounts.isEmpty else {
            say("Every marked account is archived already")
            return
        }
        let names = accounts.prefix(3).map(\.name).joined(separator: ", ") + (accounts.count > 3 ? ", …" : "")
        confirm = Confirm(
            title: "Archive \(accounts.count) accounts",
            lines: [
                "Archive \(names)?",
                "Archived accounts keep their records and history, and leave the tiers;",
                "nothing is deleted, and u brings them back.",
            ],
            actions: [
                ConfirmAction(
                    key: "a", label: "archive them",
                    changes: accounts.map { account in
                        var archived = account
                        archived.status = .archived
                        return .put(.account(archived), base: account.version)
                    },
                    done: "Archived \(accounts.count) account\(accounts.count == 1 ? "" : "s")")
            ])
        marks = []
    }
}
