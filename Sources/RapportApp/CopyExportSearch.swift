import RapportDomain

extension AppState {
    // MARK: y: copy

    /// `y`: a small menu of what to copy from the selected row: the account's name, and its
    /// contact's email and phone (on the Contacts section, the selected contact's).
    mutating func startCopy() {
        var name: String?
        var contact: Contact?
        if detail != nil, detailSection == .contacts, case .contact(let selected)? = selectedDetailRecord {
            name = selected.name
            contact = selected
        } else if let id = actionAccount, let account = portfolio.accounts[id] {
            name = account.name
            contact = (dashboard.contacts[id] ?? []).first { !$0.email.isEmpty || !$0.phone.isEmpty }
        }
        guard let name else {
            say("y copies the selected account's or contact's name, email or phone: select one first", error: true)
            return
        }
        var actions = [ConfirmAction(key: "n", label: "name", changes: [], done: "Copied \(name)", copy: name)]
        if let email = contact?.email, !email.isEmpty {
            actions.append(ConfirmAction(key: "e", label: "email", changes: [], done: "Copied \(email)", copy: email))
        }
        if let phone = contact?.phone, !phone.isEmpty {
            actions.append(ConfirmAction(key: "p", label: "phone", changes: [], done: "Copied \(phone)", copy: phone))
        }
        var lines = ["name: \(name)"]
        if let contact, contact.name != name { lines.append("contact: \(contact.name)") }
        if let email = contact?.email, !email.isEmpty { lines.append("email: \(email)") }
        if let phone = contact?.phone, !phone.isEmpty { lines.append("phone: \(phone)") }
        confirm = Confirm(title: "Copy to the clipboard", lines: lines, actions: actions)
    }

    // MARK: :export

    /// `:export FILE.csv`: the list on screen as CSV, filtered and sorted as shown, with its
    /// columns; with accounts marked, only the marked rows.
    mutating func export(to path: String) -> [Effect] {
        guard !path.isEmpty else {
            say("export: give a file name, e.g. :export tier-a.csv", error: true)
            return []
        }
        let list = focusedList
        let model = model(list)
        var rows = Array(model.rows)
        if !marks.isEmpty, marksAccounts {
            rows = rows.filter { marks.contains($0.id) }
        }
        guard !rows.isEmpty else {
            say("export: the list is empty; nothing was written", error: true)
            return []
        }
        // The columns on screen, as the window shows them now.
        let (columns, widths) = drawnColumns(list)
        let shown = columns.indices.filter { widths[$0] > 0 }
        return [
            .export(
                path: path, header: shown.map { columns[$0].title },
                rows: rows.map { row in
                    let cells = row.cells
                    return shown.map { columns[$0].live?(row.id).text ?? (cells.indices.contains($0) ? cells[$0] : "") }
                })
        ]
    }

    // MARK: :search

    /// `:search TEXT`: every interaction whose summary holds the text (case and diacritics
    /// aside), newest first, listed until Esc.
    mutating func search(_ text: String) {
        let query = Dashboard.fold(text.trimmingASCIIWhitespace().description)
        guard !query.isEmpty else {
            say("search: give some words, e.g. :search price list", error: true)
            return
        }
        let hits = portfolio.interactions.values.filter { Dashboard.fold($0.summary).contains(query) }
            .sorted { ($0.date, $0.id) > ($1.date, $1.id) }.map(\.id)
        detail = nil
        searchResults = SearchResults(query: text, interactions: hits)
        self[.search] = ListState()
        say("\(hits.count) interaction\(hits.count == 1 ? "" : "s") mention '\(text)'; Enter opens one, Esc closes")
    }

    func drawSearch(_ frame: inout Frame, _ results: SearchResults) {
        let content = Layout.content(self)
        frame.put(
            "Interactions mentioning '\(results.query)': \(results.interactions.count)  (Esc closes)", x: 1,
            y: content.y, style: .title, limit: width - 2)
        drawList(&frame, .search, empty: "No interaction mentions it.")
    }

    /// Enter on a search hit: its account's page, on Interactions, with the hit selected.
    mutating func openSearchHit() {
        guard let id = rowId(.search), let interaction = portfolio.interactions[id] else { return }
        searchResults = nil
        detail = interaction.accountId
        detailSection = .interactions
        self[.detail] = ListState()
        select(id, in: .detail)
    }

    // MARK: Enter on the timeline

    /// The selected interaction whole: every word of its summary, its owner, who logged it and
    /// when (from the history, once read), and its follow-up in words.
    mutating func showInteraction() -> [Effect] {
        guard case .interaction(let interaction)? = selectedDetailRecord else { return [] }
        let room = max(30, min(width - 8, 76))
        var lines = [
            "\(interaction.date) (\(Self.ago(interaction.date, asOf: asOf))) · \(interaction.channel.rawValue) · "
                + interaction.kind.rawValue
        ]
        lines += Widgets.wrap(interaction.summary, width: room)
        lines.append("owner: " + (interaction.ownerId.flatMap { portfolio.owners[$0]?.name } ?? "the account's owner"))
        if let due = interaction.followUp {
            let state =
                interaction.done
                ? "done"
                : due < asOf
                    ? "\(asOf.days(since: due)) d overdue" : due == asOf ? "due today" : "in \(due.days(since: asOf)) d"
            lines.append("follow-up: \(due) (\(state))")
        }
        if let history, history.account == interaction.accountId,
            let created = history.items.first(where: { $0.id == interaction.id && $0.action == .created })
        {
            lines.append("logged by \(created.by) at \(created.at)")
        }
        confirm = Confirm(
            title: Self.interactionTitle + (portfolio.accounts[interaction.accountId]?.name ?? ""), lines: lines,
            actions: [])
        // Who logged it is in the history: read it if it is not yet.
        if history?.account != interaction.accountId, let detail { return historyRequest(detail) }
        return []
    }

    static let interactionTitle = "Interaction with "

    /// "today", "1 d ago", "29 d ago", "in 3 d".
    static func ago(_ day: Day, asOf: Day) -> String {
        let days = asOf.days(since: day)
        return days == 0 ? "today" : days > 0 ? "\(days) d ago" : "in \(-days) d"
    }
}

/// The hits of `:search`, shown until Esc.
public struct SearchResults: Equatable, Sendable {
    public let query: String
    /// The interactions found, newest first.
    public let interactions: [String]
}

/// A search hit as the results list shows it.
struct SearchHit {
    let interaction: Interaction
    let account: String
}

extension Lists {
    static let searchHits = ListSpec<SearchHit>([
        ListColumn("Date", width: 10) { $0.pointee.interaction.date.description },
        ListColumn("Account", width: 0) { $0.pointee.account },
        ListColumn("Channel", width: 8) { $0.pointee.interaction.channel.rawValue },
        ListColumn("Summary", width: 0) { $0.pointee.interaction.summary },
    ])
}
