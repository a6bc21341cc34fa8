import Foundation
import Testing

@testable import RapportDomain
@testable import RapportTools

/// `report agenda` in its four formats, against the domain's agenda.
@Suite struct AgendaReportTests {
    static let portfolio = DemoGenerator(accounts: 80, seed: 11, end: Day("2026-06-30")!).generate()
    let asOf = Day("2026-06-30")!

    var someOwner: Owner { Self.portfolio.owners.values.sorted { $0.id < $1.id }[0] }

    @Test func theJSONListsTheDomainsItemsInOrder() throws {
        let reporter = Reporter(portfolio: Self.portfolio, asOf: asOf, agendaScope: .owner(someOwner.id))
        let text = try reporter.render(.agenda, as: .json)
        let file = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(file["report"] as? String == "agenda" && file["owner"] as? String == someOwner.id)
        #expect(file["days"] as? Int == 7)
        let items = try #require(file["items"] as? [[String: Any]])
        let expected = Self.portfolio.agenda(asOf: asOf, scope: .owner(someOwner.id))
        #expect(!expected.isEmpty)
        #expect(items.count == expected.count)
        #expect(items.compactMap { $0["accountId"] as? String } == expected.map(\.accountId))
        #expect(items.compactMap { $0["kind"] as? String } == expected.map(\.kind.rawValue))
        #expect(Set(items.compactMap { $0["ownerId"] as? String }) == [someOwner.id])
        let csv = try reporter.render(.agenda, as: .csv)
        #expect(csv.hasPrefix("kind,when,accountId,account,interactionId,due,daysLate,ownerId,owner,complaint,"))
        #expect(csv.split(separator: "\n").count == expected.count + 1)
    }

    @Test func theTableCountsEachKind() throws {
        let text = try Reporter(portfolio: Self.portfolio, asOf: asOf).render(.agenda, as: .table)
        let items = Self.portfolio.agenda(asOf: asOf)
        let overdue = items.count { $0.kind == .overdue }
        #expect(text.hasPrefix("Agenda for everyone as of 2026-06-30: \(overdue) overdue · "))
        #expect(text.contains("unassigned"), "unassigned items name no owner")
    }

    /// Parsed back: unfolded lines, each component's properties.
    func components(_ calendar: String) -> [(name: String, properties: [String: String])] {
        let unfolded = calendar.replacingOccurrences(of: "\r\n ", with: "")
        var found: [(String, [String: String])] = []
        var current: (String, [String: String])?
        for line in unfolded.components(separatedBy: "\r\n") where !line.isEmpty {
            if line.hasPrefix("BEGIN:"), line != "BEGIN:VCALENDAR" {
                current = (String(line.dropFirst(6)), [:])
            } else if line.hasPrefix("END:"), let done = current {
                found.append(done)
                current = nil
            } else if let colon = line.firstIndex(of: ":") {
                current?.1[String(line[..<colon])] = String(line[line.index(after: colon)...])
            }
        }
        return found
    }

    @Test func theCalendarHasATodoAndAnAllDayEventPerItem() throws {
        let reporter = Reporter(portfolio: Self.portfolio, asOf: asOf)
        let stamp = Timestamp("2026-06-30T08:00:00Z")!
        let calendar = reporter.calendar(stamp: stamp)
        #expect(calendar.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
        #expect(calendar.hasSuffix("END:VCALENDAR\r\n"))
        // Every line ends in CRLF and holds at most 75 octets.
        let lines = calendar.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.allSatisfy { $0.utf8.count <= 75 && !$0.contains("\n") && !$0.contains("\r") })
        let items = Self.portfolio.agenda(asOf: asOf)
        let parts = components(calendar)
        let todos = parts.filter { $0.name == "VTODO" }
        let events = parts.filter { $0.name == "VEVENT" }
        #expect(todos.count == items.count && events.count == items.count)
        for (todo, item) in zip(todos, items) {
            #expect(todo.properties["UID"] == "rapport-\(item.id.replacingOccurrences(of: ":", with: "-"))@rapport")
            #expect(todo.properties["STATUS"] == "NEEDS-ACTION")
            #expect(todo.properties["DTSTAMP"] == "20260630T080000Z")
            let due = (item.due ?? asOf).description.replacingOccurrences(of: "-", with: "")
            #expect(todo.properties["DUE;VALUE=DATE"] == due)
            #expect(todo.properties["SUMMARY"]?.contains(ContentLine.escape(item.accountName)) == true)
        }
        for (event, item) in zip(events, items) {
            // On its due day, or today for what is already late.
            let start = max(item.due ?? asOf, asOf)
            #expect(event.properties["DTSTART;VALUE=DATE"] == start.description.replacingOccurrences(of: "-", with: ""))
            #expect(
                event.properties["DTEND;VALUE=DATE"]
                    == start.adding(days: 1).description.replacingOccurrences(of: "-", with: ""))
        }
        // UIDs are unique and the same on the next run.
        #expect(Set(parts.compactMap { $0.properties["UID"] }).count == 2 * items.count)
        let again = components(reporter.calendar(stamp: Timestamp("2026-07-01T08:00:00Z")!))
        #expect(again.map { $0.properties["UID"] } == parts.map { $0.properties["UID"] })
    }

    @Test func calendarTextIsEscapedAndControlCharactersLeftOut() {
        let portfolio = Portfolio(
            accounts: [Account(id: "c1", name: "Smith, Jones; Co\\", roles: [.customer])],
            interactions: [
                Interaction(
                    id: "i1", accountId: "c1", date: Day("2026-06-01")!, channel: .call,
                    summary: "Call back\u{1B}[31m, then\nwrite", followUp: Day("2026-06-29")!)
            ])
        let calendar = Reporter(portfolio: portfolio, asOf: asOf).calendar(stamp: Timestamp("2026-06-30T08:00:00Z")!)
        let unfolded = calendar.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:Overdue: Smith\\, Jones\\; Co\\\\ – Call back[31m\\, then\\nwrite\r\n"))
        #expect(!calendar.unicodeScalars.contains { $0.value == 0x1B })
    }
}
