import Testing

@testable import RapportDomain

@Suite struct WorkloadTests {
    let asOf = day("2026-06-30")

    func portfolio() -> Portfolio {
        Portfolio(
            accounts: [
                customer("c1", "Cust One", owner: "o1"), customer("c2", "Cust Two", owner: "o1"),
                supplier("s1", "Strategic", impact: 5, risk: 5, owner: "o2"),
                supplier("s2", "Orphan", impact: 4, risk: 4),
                supplier("s3", "Retired owner", impact: 4, risk: 4, owner: "o3"),
            ],
            owners: [
                Owner(id: "o1", name: "Ann", capacity: 1), Owner(id: "o2", name: "Bo", capacity: 12),
                Owner(id: "o3", name: "Cy", active: false),
            ],
            interactions: [
                Interaction(id: "i1", accountId: "c1", date: day("2026-05-01"), channel: .visit, summary: "Visit"),
                Interaction(
                    id: "i2", accountId: "c2", date: day("2026-01-01"), channel: .meeting, summary: "Old meeting"),
                Interaction(
                    id: "i3", accountId: "c2", date: day("2026-06-20"), channel: .call, summary: "Call, not in person"),
                Interaction(
                    id: "i4", accountId: "c1", date: day("2026-06-01"), channel: .email, kind: .commitment,
                    summary: "Quote",
                    followUp: day("2026-06-29")),
                Interaction(
                    id: "i5", accountId: "c1", date: day("2026-06-01"), channel: .email, kind: .complaint,
                    summary: "Due today",
                    followUp: day("2026-06-30")),
                Interaction(
                    id: "i6", accountId: "s1", date: day("2026-06-01"), channel: .email, kind: .complaint,
                    summary: "Done",
                    followUp: day("2026-06-02"), done: true),
                Interaction(
                    id: "i7", accountId: "s1", date: day("2026-04-01"), channel: .visit, summary: "Exactly 90 days ago"),
            ],
            sales: [sale("c1", "2026-01-01", 50), sale("c2", "2026-01-01", 50)])
    }

    @Test func ownerLoadFlagsAndUnassigned() throws {
        let report = portfolio().workload(asOf: asOf)
        let ann = try #require(report.owners.first { $0.ownerId == "o1" })
        // c1 is A (0% above); c2 has exactly 50% above, also A.
        #expect(ann.keyAccounts.map(\.accountId) == ["c1", "c2"])
        #expect(ann.load == 2)
        #expect(ann.flags.contains(.overloaded))
        #expect(ann.overdueFollowUps == 1)
        #expect(ann.staleKeyAccounts.map(\.accountId) == ["c2"])
        #expect(ann.customerValue == Money(100)!)
        let bo = try #require(report.owners.first { $0.ownerId == "o2" })
        #expect(bo.keyAccounts.map(\.accountId) == ["s1"])
        // A visit exactly 90 days ago is outside the last 90 days (which start 89 days ago).
        #expect(bo.staleKeyAccounts.count == 1)
        #expect(!bo.flags.contains(.overloaded))
        #expect(bo.overdueFollowUps == 0)
        #expect(report.unassigned.map(\.accountId) == ["s2", "s3"])
    }

    /// The in-place update equals the full pass when an account moves to another owner and its
    /// value changes in the same step: its old value leaves the old owner, its new value joins
    /// the new one.
    @Test func updatingInPlaceMovesTheOldValueOutAndTheNewValueIn() throws {
        let before = portfolio()
        var after = before
        var account = try #require(after.accounts["c2"])
        account.ownerId = "o2"
        try after.apply(.put(.account(account), base: account.version))
        try after.apply(.put(.sale(sale("c2", "2026-03-01", 70)), base: nil))
        let (oldIndex, index) = (PortfolioIndex(before), PortfolioIndex(after))
        let (oldTiers, tiers) = (before.tiers(asOf: asOf, index: oldIndex), after.tiers(asOf: asOf, index: index))
        let value = { (tiers: TierReport, id: String) in tiers.rows.first { $0.accountId == id }?.value }
        let tierA = { (tiers: TierReport) in Set(tiers.rows.filter { $0.tier == .A }.map(\.accountId)) }
        let updated = after.workload(
            asOf: asOf, index: index, updating: before.workload(asOf: asOf), old: before, oldIndex: oldIndex,
            touched: ["c2"], value: { value(tiers, $0) }, spend: { _ in nil }, revalued: ["c2"],
            oldValue: { value(oldTiers, $0) }, rekeyed: tierA(oldTiers).symmetricDifference(tierA(tiers)),
            isTierA: tierA(tiers).contains)
        #expect(updated == after.workload(asOf: asOf))
        #expect(updated.owners.first { $0.ownerId == "o2" }?.customerValue == Money(120)!)
    }

    @Test func anInactiveOwnerWithKeyAccountsIsToReassignNotOverloaded() throws {
        let report = portfolio().workload(asOf: asOf)
        // Cy (inactive, capacity 12) holds s3; with a capacity of 1 and two key accounts an active
        // owner would be overloaded, an inactive one is only to be reassigned.
        let cy = try #require(report.owners.first { $0.ownerId == "o3" })
        #expect(cy.keyAccounts.map(\.accountId) == ["s3"])
        #expect(cy.flags.contains(.inactive) && !cy.flags.contains(.overloaded))
        #expect(cy.flagWords.hasPrefix("inactive: reassign 1"))
        var busier = portfolio()
        try busier.apply(.put(.owner(Owner(id: "o3", name: "Cy", capacity: 1, active: false)), base: 1))
        try busier.apply(.put(.account(supplier("s4", "Also retired", impact: 5, risk: 5, owner: "o3")), base: nil))
        let retired = try #require(busier.workload(asOf: asOf).owners.first { $0.ownerId == "o3" })
        #expect(retired.load == 2 && retired.flags.contains(.inactive) && !retired.flags.contains(.overloaded))
        #expect(retired.flagWords.hasPrefix("inactive: reassign 2"))
        let ann = try #require(report.owners.first { $0.ownerId == "o1" })
        #expect(!ann.flags.contains(.inactive) && ann.flagWords.hasPrefix("overloaded"))
    }

    @Test func overdueMeansBeforeAsOfAndNotDone() {
        let interaction = Interaction(id: "i", accountId: "a", date: asOf, channel: .call, summary: "x", followUp: asOf)
        #expect(!interaction.isOverdue(asOf: asOf))
        #expect(interaction.isOverdue(asOf: asOf.adding(days: 1)))
        var done = interaction
        done.done = true
        #expect(!done.isOverdue(asOf: asOf.adding(days: 5)))
    }
}
