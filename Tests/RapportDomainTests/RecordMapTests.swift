import Testing

@testable import RapportDomain

@Suite struct RecordMapTests {
    /// Random puts and removes, checked after each against a dictionary doing the same.
    @Test func behavesLikeADictionary() {
        var generator = SystemRandomNumberGenerator()
        var map = RecordMap<Int>()
        var oracle: [String: Int] = [:]
        let keys = (0..<600).map { "int-\($0)" } + ["", "成都", "Zoë", "\u{1B}[2J"]
        for step in 0..<5_000 {
            let key = keys.randomElement(using: &generator)!
            switch Int.random(in: 0..<4, using: &generator) {
            case 0:
                map[key] = step
                oracle[key] = step
            case 1: #expect(map.updateValue(step, forKey: key) == oracle.updateValue(step, forKey: key))
            case 2: #expect(map.removeValue(forKey: key) == oracle.removeValue(forKey: key))
            default:
                map[key] = nil
                oracle[key] = nil
            }
            #expect(map.count == oracle.count)
            #expect(map[key] == oracle[key] && map.contains(key: key) == (oracle[key] != nil))
        }
        #expect(Dictionary(uniqueKeysWithValues: map.map { ($0.key, $0.value) }) == oracle)
        #expect(Array(map.indices).count == oracle.count)
        #expect(Set(map.keys) == Set(oracle.keys) && map.values.sorted() == oracle.values.sorted())
        #expect(map.count(at: { $0.pointee.isMultiple(of: 2) }) == oracle.values.count { $0.isMultiple(of: 2) })
        var visited: [String: Int] = [:]
        map.forEachInPlace { visited[$0] = $1.pointee }
        #expect(visited == oracle)
        #expect(RecordMap(oracle) == map)
        // Positions ascend, and walking them visits each record once.
        let positions = Array(map.indices)
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 })
        #expect(positions.last.map { $0 < map.endIndex } ?? map.isEmpty)
    }

    /// A copy is independent: changing it leaves the original as it was, and they compare unequal.
    @Test func copiesAreValues() {
        var original = RecordMap<String>()
        for number in 0..<2_000 { original["acc-\(number)"] = "name \(number)" }
        var copy = original
        copy["acc-7"] = "renamed"
        copy["acc-new"] = "new"
        copy["acc-8"] = nil
        #expect(original["acc-7"] == "name 7" && original["acc-new"] == nil && original["acc-8"] == "name 8")
        #expect(original.count == 2_000 && copy.count == 2_000)
        #expect(copy != original)
        copy["acc-7"] = "name 7"
        copy["acc-new"] = nil
        copy["acc-8"] = "name 8"
        #expect(copy == original)
    }

    /// Maps holding the same records are equal whatever order they were stored in (a shard
    /// keeps its records in the order they came, a removed one's place taken by the last).
    @Test func equalityIgnoresTheOrderRecordsWereStoredIn() {
        let pairs = (0..<3_000).map { ("con-\($0)", $0 * 7) }
        var forward = RecordMap<Int>()
        for (key, value) in pairs { forward[key] = value }
        var backward = RecordMap<Int>()
        for (key, value) in pairs.reversed() { backward[key] = value }
        #expect(forward == backward)
        backward["con-5"] = -1
        #expect(forward != backward)
        backward["con-5"] = 35
        #expect(forward == backward)
        // Same size, one key swapped for another.
        backward["con-9"] = nil
        backward["con-x"] = 63
        #expect(backward.count == forward.count && forward != backward)
    }

    /// Grouping (dealt by shard first) and sorting each group in place gives what grouping a
    /// dictionary gives; each group is exactly its size.
    @Test func groupsEqualDictionaryGrouping() {
        var generator = SystemRandomNumberGenerator()
        let pairs = (0..<3_000).map { ("acc-\(Int.random(in: 0..<400, using: &generator))", $0) }
        var groups = RecordMap.grouping(pairs) { $0.0 }
        groups.modifyEach { $0.sort { $0.1 > $1.1 } }
        let expected = Dictionary(grouping: pairs, by: \.0).mapValues { $0.sorted { $0.1 > $1.1 } }
        #expect(groups.count == expected.count)
        #expect(
            Dictionary(uniqueKeysWithValues: groups.map { ($0.key, $0.value.map(\.1)) })
                == expected.mapValues { $0.map(\.1) })
        #expect(groups.values.allSatisfy { $0.count == expected[$0[0].0]?.count })
        #expect(RecordMap.grouping([(String, Int)]()) { $0.0 }.isEmpty)
    }

    /// Keying (dealt by shard first) keeps, of a repeated key, the element that came last, as
    /// assigning each in turn to a dictionary does.
    @Test func keyingKeepsTheLastOfARepeatedKey() {
        var generator = SystemRandomNumberGenerator()
        let pairs = (0..<5_000).map { ("id-\(Int.random(in: 0..<1_500, using: &generator))", $0) }
        var expected: [String: Int] = [:]
        for (key, value) in pairs { expected[key] = value }
        let keyed = RecordMap.keying(pairs) { $0.0 }
        #expect(keyed.count == expected.count)
        #expect(Dictionary(uniqueKeysWithValues: keyed.map { ($0.key, $0.value.1) }) == expected)
        for (key, value) in expected { #expect(keyed[key]?.1 == value) }
        // The same elements in pieces of uneven size (some empty): the same map.
        var pieces: [[(String, Int)]] = [[]]
        for (offset, pair) in pairs.enumerated() {
            if offset % 997 == 0 || offset % 13 == 0 { pieces.append([]) }
            pieces[pieces.count - 1].append(pair)
        }
        #expect(pieces.count > 300)
        #expect(
            RecordMap.keying(pieces: pieces) { $0.0 }.map { $0.key + "\($0.value.1)" }.sorted()
                == keyed.map { $0.key + "\($0.value.1)" }.sorted())
    }

    @Test func anEmptyMapHasNothingToVisit() {
        let empty = RecordMap<Int>()
        #expect(empty.isEmpty && empty.startIndex == empty.endIndex && Array(empty).isEmpty)
        let literal: RecordMap<Int> = ["a": 1, "b": 2]
        #expect(literal.count == 2 && literal["b"] == 2 && literal.first != nil)
    }
}

// Conveniences only the tests need.
extension RecordMap {
    /// The records of `dictionary`, by the same keys.
    init(_ dictionary: [String: Value]) {
        self.init()
        for (key, value) in dictionary { self[key] = value }
    }
}

extension RecordMap: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}

@Suite struct PortfolioOpeningTests {
    /// A store large enough that its name, period and serial indexes are built on several cores
    /// gives the indexes the same records give built one after another.
    @Test func indexesBuiltAtOnceEqualThoseBuiltInTurn() throws {
        func id(_ prefix: String, _ n: Int) -> String {
            let digits = String(n)
            return prefix + "-" + String(repeating: "0", count: 6 - digits.count) + digits
        }
        let accounts = (1...300).map { n in
            Account(
                id: id("acc", n), name: n % 3 == 0 ? " Name \(n % 100) " : "name \(n % 100)",
                roles: [.customer, .supplier])
        }
        let evaluations = (1...600).map { n in
            SupplierEvaluation(
                id: id("eva", n), accountId: id("acc", n % 7 + 1),
                period: YearMonth(year: 2026, month: n % 12 + 1)!, scores: [:])
        }
        let sales = (1...50_000).map { n in
            Sale(
                id: id("sal", n), accountId: id("acc", n % 300 + 1),
                date: Day("2026-01-01")!, amount: Money(cents: Int64(n)))
        }
        let large = Portfolio(accounts: accounts, sales: sales, evaluations: evaluations)
        let small = Portfolio(accounts: accounts, evaluations: evaluations)
        #expect(large.accountNames == small.accountNames)
        #expect(large.evaluationPeriods == small.evaluationPeriods)
        #expect(large.accountNames.count == 100 && large.evaluationPeriods.count == 7 * 12)
        // Of a shared name, the smallest id.
        #expect(large.account(matching: "NAME 7")?.id == "acc-000007")
        #expect(large.serials[.sale] == 50_000 && large.serials[.account] == 300 && large.serials[.evaluation] == 600)
        #expect(small.serials[.sale] == 0 && small.serials[.account] == 300)
    }
}
