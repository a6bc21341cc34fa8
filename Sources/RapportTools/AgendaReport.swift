import RapportDomain

extension Reporter {
    struct AgendaJSON: Encodable {
        let report = "agenda"
        let asOf: Day
        let days: Int
        let owner: String?
        let items: [ReportObject]
    }

    /// The agenda this reporter is set to: its scope and its due-soon days.
    var agendaItems: [AgendaItem] {
        portfolio.agenda(asOf: asOf, scope: agendaScope, days: agendaDays, index: index)
    }

    /// Whose agenda, in words: "Ann Lee", "everyone", "unassigned items".
    var agendaWhose: String {
        switch agendaScope {
        case .everyone: "everyone"
        case .owner(let id): portfolio.owners[id]?.name ?? id
        case .unassigned: "unassigned items"
        }
    }

    func agenda(_ format: ReportFormat) throws -> String {
        let items = agendaItems
        let spec = Self.agendaColumns
        switch format {
        case .json:
            let owner: String? =
                switch agendaScope {
                case .everyone: nil
                case .owner(let id): id
                case .unassigned: ""
                }
            return try Format.json(
                AgendaJSON(asOf: asOf, days: agendaDays, owner: owner, items: items.map { spec.json($0) }))
        case .csv: return try spec.csv(items)
        case .table:
            var text = "Agenda for \(agendaWhose) as of \(asOf): "
            text += AgendaKind.allCases.map { kind in kind.counted(items.count { $0.kind == kind }) }.joined(
                separator: " · ")
            text += "\nOverdue and due-soon follow-ups (within \(agendaDays) days), late reorders by value at risk, "
            text += "then key accounts with no visit or meeting in \(portfolio.settings.staleDays) days\n\n"
            return text + (items.isEmpty ? "Nothing to do.\n" : spec.table(items))
        }
    }

    static var agendaColumns: ReportSpec<AgendaItem> {
        ReportSpec([
            ReportColumn("kind", title: "What", value: \.kind, table: \.kind.label, csv: \.kind.rawValue),
            ReportColumn("when", title: "When", value: \.when),
            ReportColumn("accountId", value: \.accountId),
            ReportColumn("account", title: "Account", max: 32, value: \.accountName),
            ReportColumn("interactionId", value: \.interactionId, csv: { $0.interactionId ?? "" }),
            ReportColumn(
                "due", title: "Due", value: \.due, table: { $0.due?.description ?? "–" },
                csv: { $0.due?.description ?? "" }),
            ReportColumn("daysLate", value: \.daysLate, csv: { $0.daysLate.map(String.init) ?? "" }),
            ReportColumn("ownerId", value: \.ownerId, csv: { $0.ownerId ?? "" }),
            ReportColumn(
                "owner", title: "Owner", max: 20, value: \.ownerName, table: { $0.ownerName ?? "unassigned" },
                csv: { $0.ownerName ?? "" }),
            ReportColumn("complaint", value: \.isComplaint),
            ReportColumn("valueAtRisk", value: \.valueAtRisk, csv: \.valueAtRisk.plain),
            ReportColumn("what", title: "Details", max: 60, value: \.what),
        ])
    }

    /// The agenda as iCalendar (RFC 5545), for calendars to import or subscribe to: each item a
    /// to-do with its due day, and an all-day event (many calendars show only events) on that
    /// day, or on the as-of day for what is already late, so that it shows where the user looks
    /// today rather than in the past. UIDs stay the same from one run to the next, so a calendar
    /// that imports the file again updates its entries instead of adding copies. `stamp` is when
    /// it was written.
    public func calendar(stamp: Timestamp) -> String {
        let compact = String(stamp.description.filter { $0 != "-" && $0 != ":" })
        func date(_ day: Day) -> String { String(day.description.filter { $0 != "-" }) }
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rapport//Agenda//EN\r\nCALSCALE:GREGORIAN\r\n"
        text += "METHOD:PUBLISH\r\n"
        text += ContentLine.fold("X-WR-CALNAME:" + ContentLine.escape("Rapport agenda: \(agendaWhose)"))
        for item in agendaItems {
            let uid = "rapport-" + item.id.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" } + "@rapport"
            // A key account never visited is due now: on the as-of day.
            let due = item.due ?? asOf
            let day = max(due, asOf)
            let summary = "\(item.kind.label.capitalizedFirst): \(item.accountName) – \(item.what)"
            var description = "\(item.when) (due \(due)) · owner: \(item.ownerName ?? "unassigned")"
            if item.valueAtRisk != .zero { description += " · value at risk \(item.valueAtRisk.grouped)" }
            text += "BEGIN:VTODO\r\n"
            text += ContentLine.fold("UID:" + uid)
            text += "DTSTAMP:\(compact)\r\n"
            text += "DUE;VALUE=DATE:\(date(due))\r\n"
            text += ContentLine.fold("SUMMARY:" + ContentLine.escape(summary))
            text += ContentLine.fold("DESCRIPTION:" + ContentLine.escape(description))
            text += "STATUS:NEEDS-ACTION\r\n"
            if item.kind == .overdue || item.isComplaint { text += "PRIORITY:1\r\n" }
            text += "END:VTODO\r\n"
            text += "BEGIN:VEVENT\r\n"
            text += ContentLine.fold("UID:" + uid.replacingOccurrences(of: "@rapport", with: "-day@rapport"))
            text += "DTSTAMP:\(compact)\r\n"
            text += "DTSTART;VALUE=DATE:\(date(day))\r\n"
            text += "DTEND;VALUE=DATE:\(date(day.adding(days: 1)))\r\n"
            text += ContentLine.fold("SUMMARY:" + ContentLine.escape(summary))
            text += ContentLine.fold("DESCRIPTION:" + ContentLine.escape(description))
            text += "TRANSP:TRANSPARENT\r\n"
            text += "END:VEVENT\r\n"
        }
        return text + "END:VCALENDAR\r\n"
    }
}

extension String {
    /// "Overdue" from "overdue".
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
