import Foundation
import RapportDomain
import RapportTheme

extension AppState {
    /// The pure view: the whole screen as a frame of cells.
    public func render() -> Frame {
        var frame = Frame(width: width, height: height)
        if tooSmall {
            // Wrapped at spaces, so that even a very narrow window shows how to get out.
            let lines = [
                "Terminal too small (\(width)x\(height))", "Rapport needs at least 60x15.",
                form != nil || confirm != nil
                    ? "Enlarge the window to finish the form." : "Enlarge the window, or press q to quit.",
            ].flatMap { Widgets.wrap($0, width: width) }
            for (offset, line) in lines.enumerated() {
                let y = max(0, (height - lines.count) / 2) + offset
                frame.put(
                    line, x: max(0, (width - TerminalText.width(line)) / 2), y: y, style: offset == 0 ? .error : .normal
                )
            }
            return frame
        }
        drawTabs(&frame)
        if portfolio.isEmpty {
            drawStart(&frame)
        } else if let detail {
            drawDetail(&frame, detail)
        } else if let searchResults {
            drawSearch(&frame, searchResults)
        } else if let loading, pane != .accounts {
            drawLoading(&frame, loading)
        } else {
            switch pane {
            case .tiers: paretoView ? drawPareto(&frame) : drawTiers(&frame)
            case .partners: drawPartners(&frame)
            case .suppliers: drawSuppliers(&frame)
            case .accounts: drawList(&frame, .accounts)
            case .agenda: drawAgenda(&frame)
            }
        }
        drawStatus(&frame)
        drawHints(&frame)
        if showHelp { drawHelp(&frame) }
        if let form { drawForm(&frame, form) }
        if let confirm { drawConfirm(&frame, confirm) }
        return frame
    }

    func drawList(_ frame: inout Frame, _ list: ListID, focused: Bool = true, empty: String = "(nothing to show)") {
        let model = model(list)
        let state = self[list]
        let area = tableArea(list)
        // With accounts marked, a gutter of two cells shows which: ● beside each marked row.
        if area.x > Layout.listArea(self, list).x {
            for offset in 0..<max(0, area.height - 1) {
                let index = state.top + offset
                guard index < model.rows.count else { break }
                if marks.contains(model.rows[index].id) {
                    frame.put("●", x: area.x - 2, y: area.y + 1 + offset, style: .accent)
                }
            }
        }
        Widgets.table(
            &frame, area, columns: shownColumns(list, model), rows: model.rows,
            selected: model.rows.isEmpty ? nil : min(state.selected, model.rows.count - 1), top: state.top,
            focused: focused, empty: empty)
    }

    /// Where a list's table is drawn: its area, less a two-cell gutter for the marks while
    /// accounts are marked.
    func tableArea(_ list: ListID) -> Rect {
        let area = Layout.listArea(self, list)
        guard !marks.isEmpty, ListID.ofAccounts.contains(list), area.width > 20 else { return area }
        return Rect(x: area.x + 2, y: area.y, width: area.width - 2, height: area.height)
    }

    /// A list's columns as drawn now, and the width each gets (0: no room for it).
    func drawnColumns(_ list: ListID) -> (columns: [Column], widths: [Int]) {
        let model = model(list)
        let columns = shownColumns(list, model)
        return (columns, Widgets.columnWidths(columns, in: tableArea(list), rows: model.rows.count))
    }

    // MARK: Frame parts

    func drawTabs(_ frame: inout Frame) {
        for (index, range) in Layout.tabs(width: width).enumerated() where range.upperBound <= width {
            frame.put(
                Layout.tabTitles(width: width)[index], x: range.lowerBound, y: 0,
                style: index == pane.rawValue ? .tabActive : .tab)
        }
        var right = "as of \(asOf)"
        if mine, let me, let owner = portfolio.owners[me] { right = "MINE: \(owner.name) · " + right }
        if let tierFilter { right = "tier \(tierFilter.rawValue) · " + right }
        let x = width - TerminalText.width(right) - 1
        if x > Layout.tabs(width: width).last!.upperBound { frame.put(right, x: x, y: 0, style: mine ? .accent : .dim) }
    }

    func drawStatus(_ frame: inout Frame) {
        let y = height - 2
        frame.fill(x: 0, y: y, width: width, height: 1, style: .status)
        if let prompt {
            let (label, text) =
                switch prompt {
                case .filter(let value): ("/", value)
                case .command(let value): (":", value)
                case .log(let account, let value): ("log with \(portfolio.accounts[account]?.name ?? account): ", value)
                case .owner(let account, let value):
                    ("owner of \(portfolio.accounts[account]?.name ?? account): ", value)
                case .followUpOwner(let id, let value):
                    ("owner of the follow-up \(portfolio.interactions[id]?.summary ?? id): ", value)
                case .snooze(let id, let value):
                    ("snooze \(portfolio.interactions[id]?.summary ?? id) until: ", value)
                case .bulkOwner(let value): ("owner of the \(marks.count) marked accounts: ", value)
                case .bulkLog(let value): ("log with the \(marks.count) marked accounts: ", value)
                }
            frame.put(label + text + "▏", x: 0, y: y, style: .status)
            if case .filter = prompt {
                let count = model(focusedList).rows.count
                let note = " \(count) match\(count == 1 ? "" : "es") "
                frame.put(note, x: width - TerminalText.width(note), y: y, style: .status)
            }
            return
        }
        let customers = dashboard.customerCount
        let suppliers = dashboard.supplierCount
        var text =
            "\(storeLabel) · as of \(asOf) · \(portfolio.accounts.count) accounts (\(customers) customers, \(suppliers) suppliers)"
        let filter = self[focusedList].filter
        // What narrows the view comes first, so a long store path cannot push it off screen.
        if !filter.isEmpty { text = "filter: \(filter) · " + text }
        if !marks.isEmpty { text = "\(marks.count) marked · " + text }
        if !paneQuestions.isEmpty, detail == nil { text = paneQuestions.joined(separator: ", ") + " · " + text }
        if let loading { text = (loading.failure == nil ? "reading the rest of the store… · " : "") + text }
        if let message {
            let used = frame.put(message.text, x: 0, y: y, style: message.isError ? .error : .status)
            frame.put("  " + text, x: used, y: y, style: .status)
        } else {
            frame.put(text, x: 0, y: y, style: .status)
        }
    }

    /// The key-hint bar: always visible, changing with context.
    var hints: [HintText] {
        guard let own = contextHints else { return Keymap.hints(on: hintScreen, for: self) }
        return own.map { keys, label in HintText(keys: keys, label: label) }
    }

    /// The hints of a form, question, prompt or the help, which have keys of their own (nil: the
    /// keymap's, for the pane or account page).
    private var contextHints: [(String, String)]? {
        if let form {
            if form.conflict != nil {
                return [("Space", "switch"), ("Enter", "save mix"), ("m", "mine"), ("t", "theirs"), ("Esc", "back")]
            }
            if form.list != nil {
                return [("type", "to narrow"), ("↑↓", "pick"), ("Enter", "choose"), ("Esc", "close list")]
            }
            var keys: [(String, String)] = [("Tab/↑↓", "fields"), ("^S", "save"), ("Esc", "cancel")]
            if form.focused.type.isChoice { keys.insert(("Space", "list"), at: 0) }
            keys.append(("^A^E^U^W", "edit"))
            return keys
        }
        if confirm != nil { return [("key", "answer"), ("Esc", "keep")] }
        if prompt != nil {
            if case .command = prompt { return [("Enter", "run"), ("Tab", "complete"), ("Esc", "cancel")] }
            if case .log = prompt {
                return [("type", "channel [kind] summary [+7d]"), ("Enter", "save"), ("Esc", "cancel")]
            }
            if case .owner = prompt {
                return [("Tab", "complete"), ("none", "clears"), ("Enter", "save"), ("Esc", "cancel")]
            }
            if case .bulkOwner = prompt {
                return [("Tab", "complete"), ("none", "clears"), ("Enter", "save all"), ("Esc", "cancel")]
            }
            if case .bulkLog = prompt {
                return [("type", "channel [kind] summary [+7d]"), ("Enter", "log with all"), ("Esc", "cancel")]
            }
            if case .followUpOwner = prompt {
                return [("Tab", "complete"), ("none", "account's owner"), ("Enter", "save"), ("Esc", "cancel")]
            }
            if case .snooze = prompt {
                return [("type", "+7d, +2w, tomorrow or YYYY-MM-DD"), ("Enter", "save"), ("Esc", "cancel")]
            }
            return [("type", "to filter"), ("Enter", "keep"), ("Esc", "clear"), ("^U", "erase")]
        }
        if showHelp { return [("any key", "close help"), ("q", "quit")] }
        return nil
    }

    /// Which screen the hint bar describes.
    var hintScreen: HintScreen {
        if portfolio.isEmpty { return .empty }
        if loading != nil, pane != .accounts, detail == nil { return .waiting }
        return detail == nil ? .list : .detail
    }

    /// The key-hint bar. Where it is too narrow for every hint, those before `? help` and
    /// `q quit` give way first: how to get help and how to leave show at every width.
    func drawHints(_ frame: inout Frame) {
        let y = height - 1
        func need(_ hints: [HintText]) -> Int {
            hints.reduce(0) { $0 + TerminalText.width($1.keys) + TerminalText.width($1.label) + 3 }
        }
        let pinned = hints.filter(\.pinned)
        var shown = hints.filter { !$0.pinned }
        while !shown.isEmpty, need(shown + pinned) > width { shown.removeLast() }
        var x = 0
        for (key, action) in (shown + pinned).map({ ($0.keys, $0.label) }) {
            let need = TerminalText.width(key) + TerminalText.width(action) + 3
            guard x + need <= width else { break }
            x += frame.put(key, x: x, y: y, style: .hintKey)
            x += frame.put(" " + action + "  ", x: x, y: y, style: .hint)
        }
    }

    func drawStart(_ frame: inout Frame) {
        let lines = [
            ("Welcome to Rapport", Style.title), ("", .normal), ("Your store is empty: \(storeLabel)", .normal),
            ("", .normal),
            ("Press d to load demo data (300 accounts in several scripts) and look around,", .normal),
            ("or a to add your first account. To bring your own data, quit and run", .normal),
            ("    rapport import owners owners.csv", .dim), ("    rapport import accounts accounts.csv", .dim),
            ("", .normal), ("Press ? for the keys, q to quit.", .normal),
        ]
        let top = max(1, (height - lines.count) / 2 - 1)
        for (offset, (line, style)) in lines.enumerated() {
            frame.put(line, x: max(1, (width - 76) / 2), y: top + offset, style: style)
        }
    }

    /// A pane that needs the history while a large store's rest is read (or could not be).
    func drawLoading(_ frame: inout Frame, _ loading: Loading) {
        let content = Layout.content(self)
        let room = max(20, min(width - 4, 76))
        var lines: [(String, Style)]
        if let failure = loading.failure {
            lines = [("Could not read the rest of the store", .error), ("", .normal)]
            lines += Widgets.wrap(failure, width: room).map { ($0, .normal) }
            lines += [("", .normal)]
            lines += Widgets.wrap(
                "Nothing was changed, and edits are off. Quit with q; rapport check lists every problem.", width: room
            ).map { ($0, .normal) }
        } else {
            lines = [("Reading the rest of the store…", .title), ("", .normal)]
            lines += Widgets.wrap(
                "\(pane.title) fills in as soon as the \(loading.what) are read; a large store takes a few seconds.",
                width: room
            ).map { ($0, .normal) }
            lines += [("", .normal)]
            lines += Widgets.wrap(
                "Meanwhile 4 lists the accounts (/ searches them, s sorts). Edits wait until everything is read.",
                width: room
            ).map { ($0, .dim) }
        }
        let top = content.y + max(0, (content.height - lines.count) / 2)
        for (offset, (line, style)) in lines.enumerated() where top + offset < content.y + content.height {
            frame.put(line, x: max(1, (width - room) / 2), y: top + offset, style: style, limit: room)
        }
    }

    // MARK: Tiers

    func drawTiers(_ frame: inout Frame) {
        let content = Layout.content(self)
        let report = dashboard.tiers
        let barWidth = max(10, min(40, width - 60))
        for (offset, summary) in report.summary.enumerated() {
            let y = content.y + offset
            var x = frame.put(" \(summary.tier.rawValue) ", x: 0, y: y, style: tierStyle(summary.tier))
            x += frame.put(TerminalText.fit(" \(summary.tier.label)", to: 14), x: x, y: y, style: .normal)
            let figures =
                TerminalText.fit("\(summary.customers)", to: 6, alignRight: true)
                + (summary.customers == 1 ? " customer  " : " customers ")
                + TerminalText.fit(summary.value.grouped, to: 15, alignRight: true) + " "
                + TerminalText.fit(percent(summary.share), to: 6, alignRight: true) + "  "
            x += frame.put(figures, x: x, y: y, style: .normal)
            frame.put(
                Widgets.bar(summary.share, width: barWidth), x: x, y: y, style: tierStyle(summary.tier), limit: barWidth
            )
        }
        let moves = Movement.allCases.filter { $0 != .same }.map { movement in
            "\(movement.arrow) \(report.movements[movement] ?? 0) \(movement.rawValue)"
        }
        var line = "\(report.measure.rawValue), trailing 12 months · " + moves.joined(separator: "  ")
        if let tierFilter { line += " · tier \(tierFilter.rawValue) only (:tier all)" }
        if !segment.isEmpty { line += " · " + segment.summary }
        frame.put(line, x: 1, y: content.y + 3, style: .dim)
        drawList(&frame, .tiers)
    }

    func drawPareto(_ frame: inout Frame) {
        let content = Layout.content(self)
        let rows = dashboard.tiers.rows
        let area = Rect(x: 7, y: content.y + 1, width: content.width - 9, height: content.height - 3)
        frame.put(
            "Pareto curve: cumulative share of value by customer rank (\(rows.count) customers)", x: 1, y: content.y,
            style: .title)
        guard !rows.isEmpty, area.width > 4, area.height > 2 else { return }
        var canvas = BrailleCanvas(columns: area.width, rows: area.height)
        let cutoffs = [portfolio.settings.tierACutoff, portfolio.settings.tierBCutoff]
        for cutoff in cutoffs {
            let y = Int(((1 - cutoff) * Double(canvas.dotHeight - 1)).rounded())
            for x in stride(from: 0, to: canvas.dotWidth, by: 3) { canvas.set(x: x, y: y, style: .dim) }
        }
        for x in 0..<canvas.dotWidth {
            let rank = min(
                rows.count - 1, Int(Double(x) / Double(max(1, canvas.dotWidth - 1)) * Double(rows.count - 1)))
            let y = Int(((1 - rows[rank].cumulativeShare) * Double(canvas.dotHeight - 1)).rounded())
            canvas.set(x: x, y: y, style: tierStyle(rows[rank].tier))
        }
        canvas.draw(into: &frame, at: (area.x, area.y))
        for (label, share) in [
            ("100%", 1.0), ("\(Int(cutoffs[1] * 100))%", cutoffs[1]), ("\(Int(cutoffs[0] * 100))%", cutoffs[0]),
            ("0%", 0.0),
        ] {
            frame.put(label, x: 1, y: area.y + Int(((1 - share) * Double(area.height - 1)).rounded()), style: .dim)
        }
        let axis =
            "rank 1" + String(repeating: " ", count: max(1, area.width - 12 - String(rows.count).count))
            + "rank \(rows.count)"
        frame.put(axis, x: area.x, y: area.y + area.height, style: .dim)
    }

    // MARK: Partners

    func drawPartners(_ frame: inout Frame) {
        drawList(&frame, .partners)
        let panel = Layout.partnersPanel(self)
        let wide = Layout.partnersWide(self)
        let plotArea =
            wide
            ? Rect(x: panel.x, y: panel.y, width: panel.width, height: min(16, panel.height / 2 + 2))
            : Rect(x: panel.x, y: panel.y, width: min(30, panel.width / 3), height: panel.height)
        let explainArea =
            wide
            ? Rect(
                x: panel.x, y: plotArea.y + plotArea.height, width: panel.width, height: panel.height - plotArea.height)
            : Rect(x: plotArea.width + 1, y: panel.y, width: panel.width - plotArea.width - 1, height: panel.height)
        let scores = model(.partners).rows
        let selectedId = scores.isEmpty ? nil : scores[min(self[.partners].selected, scores.count - 1)].id
        drawScatter(&frame, plotArea, selected: selectedId)
        if let selectedId, let score = dashboard.partnerRows[selectedId] {
            drawExplanation(&frame, explainArea, score)
        }
    }

    func drawScatter(_ frame: inout Frame, _ area: Rect, selected: String?) {
        Widgets.box(&frame, area, title: "strength → · commitment ↑")
        let inner = Rect(x: area.x + 1, y: area.y + 1, width: area.width - 2, height: area.height - 2)
        guard inner.width > 2, inner.height > 1 else { return }
        var canvas = BrailleCanvas(columns: inner.width, rows: inner.height)
        let midX = canvas.dotWidth / 2
        let midY = canvas.dotHeight / 2
        for y in stride(from: 0, to: canvas.dotHeight, by: 2) { canvas.set(x: midX, y: y, style: .dim) }
        for x in stride(from: 0, to: canvas.dotWidth, by: 2) { canvas.set(x: x, y: midY, style: .dim) }
        // The scores the list shows, in rank order (the partners' order): every one unless the
        // list is narrowed, then marked by position, so that no frame builds a set of 100,000 ids,
        // copies a score or sorts them.
        let rows = model(.partners).rows
        var shown: [Bool]?
        if rows.count != dashboard.partners.count {
            var marked = [Bool](repeating: false, count: dashboard.partners.count)
            for row in rows { if let position = dashboard.partnerRows.position(row.id) { marked[position] = true } }
            shown = marked
        }
        var chosen: (Int, Int)?
        for (position, score) in dashboard.partners.enumerated() where shown?[position] ?? true {
            let x = Int((score.strength / 100 * Double(canvas.dotWidth - 1)).rounded())
            let y = Int(((100 - score.commitment) / 100 * Double(canvas.dotHeight - 1)).rounded())
            if score.accountId == selected {
                chosen = (x, y)
            } else {
                canvas.set(x: x, y: y, style: quadrantStyle(score.quadrant))
            }
        }
        canvas.draw(into: &frame, at: (inner.x, inner.y))
        if let (x, y) = chosen {
            // The selected account: a solid marker that stands out in any colour mode.
            frame.put(
                "◆", x: inner.x + min(inner.width - 1, x / 2), y: inner.y + min(inner.height - 1, y / 4),
                style: .plotSelected)
        }
        frame.put("develop", x: inner.x, y: inner.y, style: .dim, limit: inner.width / 2)
        frame.put("ideal", x: inner.x + inner.width - 5, y: inner.y, style: .dim)
        frame.put("transact.", x: inner.x, y: inner.y + inner.height - 1, style: .dim, limit: inner.width / 2)
        frame.put("strong", x: inner.x + inner.width - 6, y: inner.y + inner.height - 1, style: .dim)
    }

    func drawExplanation(_ frame: inout Frame, _ area: Rect, _ score: PartnerScore) {
        guard area.height > 2, area.width > 20 else { return }
        var y = area.y
        let x = area.x + 1
        let room = area.width - 2
        func line(_ text: String, _ style: Style = .normal) {
            guard y < area.y + area.height else { return }
            frame.put(text, x: x, y: y, style: style, limit: room)
            y += 1
        }
        line(score.name, .title)
        line("commitment \(one(score.commitment)) = Σ weight × component", .accent)
        for component in score.components {
            let label = Words.spaced(component.name).padding(toLength: 19, withPad: " ", startingAt: 0)
            line(
                String(
                    format: "%@ %5.1f × %.2f = %5.2f", label, component.value, component.weight, component.contribution)
            )
        }
        line(
            "strength \(one(score.strength)) · \(score.relationship.rawValue) · \(score.quadrant.rawValue)",
            quadrantStyle(score.quadrant))
        if !score.missing.isEmpty {
            line("not rated yet (count as 0): " + score.missing.map(\.label).joined(separator: ", "), .warn)
        }
        line(score.quadrant.advice, .dim)
    }

    // MARK: Suppliers & owners

    func drawSuppliers(_ frame: inout Frame) {
        drawList(&frame, .owners, focused: !ownerAccountsFocused)
        let area = Layout.listArea(self, .ownerAccounts)
        let ownerId = selectedOwnerId
        let title: String
        if ownerId == "" {
            title = "Unassigned key accounts: no owner, or an inactive one"
        } else if let ownerId, let owner = dashboard.workload.owners.first(where: { $0.ownerId == ownerId }) {
            title =
                "Key accounts of \(owner.name): \(owner.keyAccounts.count) of capacity \(owner.capacity) · load \(String(format: "%.2f", owner.load))"
        } else {
            title = "Key accounts"
        }
        frame.put(title, x: 0, y: area.y - 1, style: .title)
        drawList(&frame, .ownerAccounts, focused: ownerAccountsFocused)
    }

    // MARK: Detail

    /// The profile lines above the timeline.
    func detailHeader() -> [(String, Style)] {
        guard let id = detail, let account = portfolio.accounts[id] else { return [] }
        var lines: [(String, Style)] = []
        let roles = account.roles.map(\.rawValue).joined(separator: " & ")
        let owner = account.ownerId.flatMap { portfolio.owners[$0] }
        lines.append(("\(account.name)  ·  \(roles)  ·  \(account.status.rawValue)", .title))
        var profile = [account.industry, account.region, account.country, account.website].filter { !$0.isEmpty }
            .joined(separator: " · ")
        profile +=
            (profile.isEmpty ? "" : "  ·  ") + "owner: "
            + (owner.map { $0.name + ($0.active ? "" : " (inactive)") } ?? "none")
        lines.append((profile, .normal))
        if let tier = dashboard.tierRows[id] {
            lines.append(
                (
                    "Tier \(tier.tier.rawValue) (\(tier.tier.label)) · value \(tier.value.grouped) · share \(percent(tier.share)) · previous \(tier.previousTier?.rawValue ?? "–") \(tier.movement.arrow) · \(tier.orders) orders",
                    tierStyle(tier.tier)
                ))
        }
        if let tier = dashboard.tierRows[id] {
            let rhythm = dashboard.rhythms[id] ?? Dashboard.rhythm(of: tier, index: dashboard.index, asOf: asOf)
            lines.append((Self.rhythmLine(rhythm), rhythmStyle(rhythm.status) ?? .normal))
        }
        if let score = dashboard.partnerRows[id] {
            lines.append(
                (
                    "Partnership: commitment \(one(score.commitment)) · switching cost \(one(score.switchingCost)) · strength \(one(score.strength)) · \(score.relationship.rawValue) · \(score.quadrant.rawValue)",
                    quadrantStyle(score.quadrant)
                ))
        }
        if let supplier = dashboard.supplierRows[id] {
            let history = Words.months(supplier.periods.reversed().map { ($0.period, "\(Int($0.score.rounded()))") })
            lines.append(
                (
                    "Supplier: \(supplier.standing.rawValue) · overall \(supplier.overall.map(one) ?? "–") · \(supplier.kraljic.rawValue)\(supplier.isKey ? " · KEY" : "") · on time \(supplier.onTimeShare.map(percent) ?? "–")",
                    standingStyle(supplier.standing)
                ))
            lines.append(("Scorecard by month: " + (history.isEmpty ? "no evaluations" : history), .dim))
        }
        let ratings = RatingField.allCases.map { field in
            "\(field.label) \(account.ratings[field].map(String.init) ?? "–")"
        }
        lines.append(("Ratings: " + ratings.joined(separator: " · "), .dim))
        let contacts = dashboard.contacts[id] ?? []
        lines.append(
            (
                "Contacts: "
                    + (contacts.isEmpty
                        ? "none"
                        : contacts.map { "\($0.name) (\($0.title)\($0.email.isEmpty ? "" : ", " + $0.email))" }.joined(
                            separator: "; ")),
                .normal
            ))
        let months = (0..<24).reversed().map { asOf.adding(months: -$0).yearMonth }
        func series(_ dated: [(Day, Money)]) -> [Double] {
            var sums: [YearMonth: Double] = [:]
            for (day, amount) in dated { sums[day.yearMonth, default: 0] += amount.doubleValue }
            return months.map { sums[$0] ?? 0 }
        }
        if account.isCustomer {
            let values = series((dashboard.index.sales[id] ?? []).map { ($0.date, $0.amount) })
            lines.append(
                (
                    "Sales, 24 months      " + Widgets.sparkline(values)
                        + "  \(Money(values.reduce(0, +))?.grouped ?? "")", .bar
                ))
        }
        if account.isSupplier {
            let values = series((dashboard.index.purchases[id] ?? []).map { ($0.date, $0.amount) })
            lines.append(
                (
                    "Purchases, 24 months  " + Widgets.sparkline(values)
                        + "  \(Money(values.reduce(0, +))?.grouped ?? "")", .bar
                ))
        }
        if !account.notes.isEmpty { lines.append(("Notes: " + account.notes, .dim)) }
        return lines
    }

    /// A customer's reorder rhythm in one line of the account page.
    static func rhythmLine(_ rhythm: ReorderRhythm) -> String {
        guard let cycle = rhythm.cycleDays, let expected = rhythm.expectedNext, let last = rhythm.lastOrder else {
            return "Reorder rhythm: none yet (\(rhythm.orderDays) order day\(rhythm.orderDays == 1 ? "" : "s") in 24 "
                + "months; \(ReorderRhythm.minimumOrderDays) make one)"
        }
        let every = cycle == cycle.rounded() ? "\(Int(cycle))" : "\(cycle)"
        var line = "Reorder rhythm: \(rhythm.status.label) · orders every \(every) days · last \(last) · next expected "
        line += "\(expected)"
        if let late = rhythm.daysLate, late > 0 { line += " (\(late) d ago)" }
        if rhythm.valueAtRisk != .zero { line += " · value at risk \(rhythm.valueAtRisk.grouped)" }
        return line
    }

    func drawDetail(_ frame: inout Frame, _ id: String) {
        let content = Layout.content(self)
        let room = Layout.detailHeaderHeight(self) - 2
        for (offset, (text, style)) in detailHeader().prefix(max(0, room)).enumerated() {
            frame.put(text, x: 1, y: content.y + offset, style: style, limit: width - 2)
        }
        let area = Layout.listArea(self, .detail)
        let model = model(.detail)
        let rows = model.rows
        // Section tabs: the current one stands out, with its count; ←/→ move between them.
        var x = 1
        for section in DetailSection.allCases {
            let current = section == detailSection
            var label = section.title
            if current {
                if section == .interactions {
                    let open = (dashboard.index.interactions[id] ?? []).count(where: \.isOpenFollowUp)
                    label += " \(rows.count), \(open) open first"
                } else {
                    label += " \(rows.count)"
                }
            }
            x += frame.put(" \(label) ", x: x, y: area.y - 1, style: current ? .tabActive : .dim) + 1
        }
        let empty =
            detailSection == .history
            ? (history?.account == id ? "No recorded changes yet." : "Loading history…")
            : "None yet: a adds one."
        Widgets.table(
            &frame, area, columns: model.columns, rows: rows,
            selected: rows.isEmpty ? nil : min(self[.detail].selected, rows.count - 1), top: self[.detail].top,
            empty: empty)
    }

    // MARK: Help

    /// The keys that work here, from the keymap, in two columns (one where the window is narrow),
    /// with the mouse last. Nothing is cut: a label too long for its column wraps.
    func drawHelp(_ frame: inout Frame) {
        let bindings = Keymap.available(in: self)
        let boxWidth = min(width - 4, 84)
        let columns = boxWidth >= 64 ? 2 : 1
        let columnWidth = (boxWidth - 4) / columns
        let keyWidth = bindings.map { TerminalText.width($0.shown) }.max() ?? 0
        var cells: [[String]] = bindings.map { binding in
            Widgets.wrap(binding.label, width: max(8, columnWidth - keyWidth - 3))
        }
        if cells.isEmpty { cells = [[]] }
        let rowsPerColumn = (bindings.count + columns - 1) / columns
        var lines: [[(key: String, text: String)]] = []
        for row in 0..<rowsPerColumn {
            var parts: [[(String, String)]] = []
            for column in 0..<columns {
                let index = column * rowsPerColumn + row
                guard index < bindings.count else { continue }
                parts.append(
                    cells[index].enumerated().map { ($0.offset == 0 ? bindings[index].shown : "", $0.element) })
            }
            let height = parts.map(\.count).max() ?? 0
            for line in 0..<height {
                lines.append(parts.map { $0.indices.contains(line) ? $0[line] : ("", "") })
            }
        }
        let mouseLine =
            mouse ? "mouse: click selects and opens tabs, the wheel scrolls (--no-mouse: off)" : "mouse: off"
        let mouseLines = Widgets.wrap(mouseLine, width: boxWidth - 4)
        let boxHeight = min(height - 3, lines.count + mouseLines.count + 2)
        let area = Rect(
            x: (width - boxWidth) / 2, y: max(1, (height - boxHeight) / 2), width: boxWidth, height: boxHeight)
        frame.fill(x: area.x, y: area.y, width: area.width, height: area.height)
        Widgets.box(&frame, area, title: "Keys: \(detail == nil ? pane.title : "account detail")")
        let room = area.height - 2
        for (offset, line) in (lines.map { Optional($0) } + mouseLines.map { _ in nil }).enumerated()
        where offset < room {
            let y = area.y + 1 + offset
            guard let line else {
                frame.put(mouseLines[offset - lines.count], x: area.x + 2, y: y, style: .dim, limit: area.width - 4)
                continue
            }
            for (column, part) in line.enumerated() {
                let x = area.x + 2 + column * columnWidth
                frame.put(part.key, x: x, y: y, style: .hintKey, limit: keyWidth)
                frame.put(part.text, x: x + keyWidth + 2, y: y, style: .normal, limit: columnWidth - keyWidth - 3)
            }
        }
    }
}
