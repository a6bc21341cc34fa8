import RapportDomain
import Testing

/// The agenda against a portfolio worked out by hand (docs/DOMAIN.md, "The agenda").
@Suite struct AgendaTests {
    let asOf = day("2026-06-30")

    func followUp(
        _ id: String, _ account: String, due: String, kind: InteractionKind = .note, owner: String? = nil,
        done: Bool = false
    ) -> Interaction {
        Interaction(
            id: id, accountId: account, date: day("2026-06-01"), channel: .email, kind: kind, summary: "Summary \(id)",
            ownerId: owner, followUp: day(due), done: done)
    }

    func portfolio() -> Portfolio {
        // c1 (Ann) orders every 30 days, last on 2026-04-01: expected 2026-05-01, 60 days late
        // (more than half a cycle): late. Each customer holds a third of the value, so all three
        // are tier A key accounts; c2 and c3 were never visited.
        let monthly = ["2026-01-01", "2026-01-31", "2026-03-02", "2026-04-01"]
        return Portfolio(
            accounts: [
                customer("c1", "Alpha", owner: "o1"), customer("c2", "Beta", owner: "o2"),
                customer("c3", "Gamma", owner: "o3"), customer("c4", "Delta", status: .archived),
            ],
            owners: [
                Owner(id: "o1", name: "Ann"), Owner(id: "o2", name: "Bo"), Owner(id: "o3", name: "Cy", active: false),
            ],
            interactions: [
                followUp("i1", "c1", due: "2026-06-20"),
                followUp("i2", "c2", due: "2026-06-20", kind: .complaint),
                followUp("i3", "c1", due: "2026-06-10", owner: "o2"),
                followUp("i4", "c1", due: "2026-06-30"),
                followUp("i5", "c2", due: "2026-07-07"),
                followUp("i6", "c2", due: "2026-07-08"),
                followUp("i7", "c3", due: "2026-06-29"),
                followUp("i8", "c1", due: "2026-06-01", done: true),
                followUp("i9", "c4", due: "2026-06-01"),
                Interaction(id: "v1", accountId: "c1", date: day("2026-03-01"), channel: .visit, summary: "Visit"),
            ],
            sales: monthly.map { sale("c1", $0, 100) } + [sale("c2", "2026-06-01", 400), sale("c3", "2026-06-01", 400)])
    }

    @Test func itemsComeInTheAgendasOrder() {
        let items = portfolio().agenda(asOf: asOf)
        // Overdue oldest first, the complaint before the note of the same day; then due soon,
        // soonest first; the archived account's open follow-up stays.
        #expect(items.map(\.id).prefix(6) == ["i9", "i3", "i2", "i1", "i7", "i4"])
        #expect(items.map(\.kind).prefix(6) == [.overdue, .overdue, .overdue, .overdue, .overdue, .dueSoon])
        #expect(items.first { $0.id == "i5" }?.kind == .dueSoon, "due in exactly 7 days is due soon")
        #expect(!items.contains { $0.id == "i6" }, "8 days ahead is not on the agenda yet")
        #expect(!items.contains { $0.id == "i8" }, "done follow-ups are not")
        let rest = items.filter { $0.interactionId == nil }
        #expect(rest.map(\.id) == ["lateReorder:c1", "visitDue:c2", "visitDue:c3", "visitDue:c1"])
    }

    @Test func eachItemSaysWhatIsDueHowLateAndWhose() throws {
        let items = portfolio().agenda(asOf: asOf)
        let overdue = try #require(items.first { $0.id == "i1" })
        #expect(overdue.what == "Summary i1" && overdue.when == "10 d overdue" && overdue.ownerName == "Ann")
        #expect(items.first { $0.id == "i4" }?.when == "due today")
        #expect(items.first { $0.id == "i5" }?.when == "in 7 d")
        // The interaction's owner, not the account's.
        #expect(items.first { $0.id == "i3" }?.ownerId == "o2")
        // An inactive owner's and an ownerless account's items are unassigned.
        #expect(items.first { $0.id == "i7" }?.ownerId == nil)
        #expect(items.first { $0.id == "i9" }?.ownerId == nil)
        let reorder = try #require(items.first { $0.kind == .lateReorder })
        #expect(reorder.what == "usually orders every 30 days; last order 2026-04-01")
        #expect(reorder.due == day("2026-05-01") && reorder.when == "60 d late" && reorder.rhythm == .late)
        #expect(reorder.valueAtRisk == Money(400)!)
        let never = try #require(items.first { $0.id == "visitDue:c2" })
        #expect(never.when == "never visited" && never.what == "no visit or meeting on record" && never.due == nil)
        // Visited 2026-03-01, 121 days ago: due 90 days after, so 31 days late.
        let visit = try #require(items.first { $0.id == "visitDue:c1" })
        #expect(visit.what == "no visit or meeting for 121 days" && visit.when == "31 d late")
    }

    @Test func oneOwnersAgendaAndTheUnassignedOnes() {
        let portfolio = portfolio()
        #expect(
            portfolio.agenda(asOf: asOf, scope: .owner("o1")).map(\.id) == [
                "i1", "i4", "lateReorder:c1", "visitDue:c1",
            ])
        #expect(portfolio.agenda(asOf: asOf, scope: .owner("o2")).map(\.id) == ["i3", "i2", "i5", "visitDue:c2"])
        #expect(portfolio.agenda(asOf: asOf, scope: .unassigned).map(\.id) == ["i9", "i7", "visitDue:c3"])
        #expect(portfolio.agenda(asOf: asOf, scope: .owner("o3")).isEmpty, "an inactive owner holds nothing")
    }

    @Test func theDueSoonWindowFollowsDays() {
        let items = portfolio().agenda(asOf: asOf, days: 8)
        #expect(items.contains { $0.id == "i6" })
        #expect(!portfolio().agenda(asOf: asOf, days: 0).contains { $0.id == "i5" })
        #expect(portfolio().agenda(asOf: asOf, days: 0).contains { $0.id == "i4" }, "due today stays")
    }
}
