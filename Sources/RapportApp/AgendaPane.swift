import RapportDomain
import RapportTheme

/// An agenda item as the Agenda pane lists it, with its place in the agenda's own order.
struct AgendaLine {
    let item: AgendaItem
    let position: Int

    /// A row id that names the item's account and interaction, so that a key acting on the row
    /// needs nothing but the id: kind, account and interaction, separated by U+001F (which no
    /// record id holds).
    static func rowId(_ item: AgendaItem) -> String {
        item.kind.rawValue + "\u{1F}" + item.accountId + "\u{1F}" + (item.interactionId ?? "")
    }

    /// The kind, account and follow-up interaction a row id names.
    static func parse(_ rowId: String) -> (kind: AgendaKind, account: String, interaction: String?)? {
        let parts = rowId.split(separator: "\u{1F}", omittingEmptySubsequences: false)
        guard parts.count == 3, let kind = AgendaKind(rawValue: String(parts[0])) else { return nil }
        return (kind, String(parts[1]), parts[2].isEmpty ? nil : String(parts[2]))
    }
}

extension Lists {
    static let agenda = ListSpec<AgendaLine>([
        ListColumn(
            "What", width: 12, sort: ListSort("agenda order", 0) { .number(Double($0.pointee.position)) },
            style: { agendaStyle($0.pointee.item) }
        ) { $0.pointee.item.kind.label + ($0.pointee.item.isComplaint ? " !" : "") },
        ListColumn(
            "When", width: 13,
            sort: ListSort("due", 3) { .number(Double($0.pointee.item.due?.ordinal ?? Int.min)) },
            style: { agendaStyle($0.pointee.item) }
        ) { $0.pointee.item.when },
        ListColumn(
            "Account", width: 0, name: true, minimum: 16,
            sort: ListSort("account", 1) { .text(Dashboard.fold($0.pointee.item.accountName)) }
        ) { $0.pointee.item.accountName },
        // What is due before whose: at 80 columns the owner gives way, not the follow-up's summary.
        ListColumn("Details", width: 0) { $0.pointee.item.what },
        ListColumn(
            "Owner", width: 12,
            sort: ListSort("owner", 2) { .text(Dashboard.fold($0.pointee.item.ownerName ?? "\u{10FFFF}")) },
            style: { $0.pointee.item.ownerId == nil ? .warn : nil }
        ) { $0.pointee.item.ownerName ?? "unassigned" },
    ])

    @Sendable static func agendaStyle(_ item: AgendaItem) -> Style? {
        switch item.kind {
        case .overdue: .bad
        case .dueSoon: .warn
        case .lateReorder: .accent
        case .visitDue: nil
        }
    }
}

extension AppState {
    /// The agenda the pane lists: its scope, narrowed to the kinds asked for.
    func agendaItems() -> [AgendaItem] {
        let kinds = agendaNarrowing?.kinds
        return portfolio.agenda(
            asOf: asOf, scope: agendaScope, index: dashboard.index, rhythms: dashboard.rhythms.map(\.value),
            workload: dashboard.workload
        ).filter { kinds?.contains($0.kind) ?? true }
    }

    /// The selected agenda item's kind, account and follow-up.
    var selectedAgendaItem: (kind: AgendaKind, account: String, interaction: String?)? {
        guard pane == .agenda, detail == nil, let id = rowId(.agenda) else { return nil }
        return AgendaLine.parse(id)
    }

    /// Whose agenda, in words: "Agenda for Lea Smith".
    var agendaTitle: String {
        let whose: String =
            switch agendaScope {
            case .everyone: "everyone"
            case .owner(let id): portfolio.owners[id]?.name ?? id
            case .unassigned: "unassigned items"
            }
        return "Agenda for \(whose)"
    }

    /// The Agenda pane, narrowed to `owner` ("" for the unassigned items) and `kinds`.
    mutating func openAgenda(owner: String?, kinds: Set<AgendaKind>?) {
        agendaNarrowing = AgendaNarrowing(owner: owner, kinds: kinds)
        switchPane(to: .agenda)
        self[.agenda] = ListState()
        let what = AgendaKind.allCases.filter { kinds?.contains($0) ?? true }.map(\.label).joined(separator: ", ")
        say("\(agendaTitle): \(what) only; Esc shows the whole agenda")
    }

    /// Enter on Suppliers & owners while the owners are sorted by their Overdue or Stale count:
    /// that owner's overdue follow-ups or visits due (nil: the sort is by something else).
    var agendaFromOwnerCount: Set<AgendaKind>? {
        let sorts = model(.owners).sorts
        guard !sorts.isEmpty else { return nil }
        switch sorts[min(self[.owners].sortColumn, sorts.count - 1)] {
        case "overdue": return [.overdue]
        case "stale": return [.visitDue]
        default: return nil
        }
    }

    // MARK: Acting on an item

    /// `x` in the agenda: the selected follow-up is done.
    mutating func markAgendaItemDone() -> [Effect] {
        guard let item = selectedAgendaItem else { return [] }
        guard let id = item.interaction, let interaction = portfolio.interactions[id] else {
            say(
                "x marks a follow-up done; a late reorder or a visit leaves the agenda when an order or a visit is logged (i)",
                error: true)
            return []
        }
        return markDone(interaction)
    }

    /// `z` in the agenda: asks for the selected follow-up's new day.
    mutating func startSnooze() {
        guard let item = selectedAgendaItem, let id = item.interaction else {
            say("z snoozes a follow-up: select an overdue or due-soon item", error: true)
            return
        }
        prompt = .snooze(interaction: id, text: "+7d")
    }

    /// The follow-up moved to the day typed (`+7d`, `2026-07-15`, `tomorrow`).
    mutating func snooze(_ id: String, _ text: String) -> [Effect] {
        guard let interaction = portfolio.interactions[id], interaction.isOpenFollowUp else {
            say("That follow-up is done or gone; nothing was changed", error: true)
            return []
        }
        guard let day = DateInput.parse(text, today: today) else {
            say("snooze: '\(text)' is not a day; \(DateInput.hint)", error: true)
            return []
        }
        guard day >= today else {
            say("snooze: \(day) has passed; pick today or a later day (+7d, tomorrow)", error: true)
            return []
        }
        var moved = interaction
        moved.followUp = day
        return commit(
            [.put(.interaction(moved), base: interaction.version)],
            done: "Follow-up moved to \(day): \(interaction.summary)")
    }

    /// `o` in the agenda: a follow-up's own owner; a reorder's or a visit's is the account's.
    mutating func startAgendaOwner() -> Bool {
        guard let item = selectedAgendaItem, let id = item.interaction, let interaction = portfolio.interactions[id]
        else { return false }
        prompt = .followUpOwner(
            interaction: id, text: interaction.ownerId.flatMap { portfolio.owners[$0]?.name } ?? "")
        return true
    }

    mutating func assignFollowUpOwner(_ id: String, _ text: String) -> [Effect] {
        guard let interaction = portfolio.interactions[id],
            let owner = promptedOwner(text, none: "leaves it to the account's owner")
        else { return [] }
        guard interaction.ownerId != owner?.id else {
            say("That follow-up already has that owner")
            return []
        }
        var changed = interaction
        changed.ownerId = owner?.id
        let account = portfolio.accounts[interaction.accountId]?.name ?? ""
        return commit(
            [.put(.interaction(changed), base: interaction.version)],
            done: owner.map { "Follow-up with \(account) is now \($0.name)'s" }
                ?? "Follow-up with \(account) is now its account owner's")
    }

    // MARK: Drawing

    func drawAgenda(_ frame: inout Frame) {
        let content = Layout.content(self)
        let model = model(.agenda)
        var narrowed = agendaNarrowing?.kinds != nil ? " only" : ""
        if agendaNarrowing != nil { narrowed += " (Esc: all)" }
        // Where the line is too long for the window the date gives way first, then the long words.
        let line =
            [
                agendaTitle + " as of \(asOf): " + model.note + narrowed, agendaTitle + ": " + model.note + narrowed,
                agendaTitle + ": " + model.shortNote + narrowed,
            ].first { TerminalText.width($0) <= width - 2 } ?? agendaTitle + ": " + model.shortNote + narrowed
        frame.put(line, x: 1, y: content.y, style: .title, limit: width - 2)
        drawList(&frame, .agenda, empty: "Nothing to do: no follow-ups due, no late reorders, no visits due.")
    }
}
