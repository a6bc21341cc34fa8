import RapportDomain

/// A value to sort by.
enum SortKey: Comparable, Hashable {
    case number(Double)
    case text(String)

    static func < (lhs: SortKey, rhs: SortKey) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): a < b
        case (.text(let a), .text(let b)): a < b
        case (.number, .text): true
        case (.text, .number): false
        }
    }
}

/// Each row's rank by one sort key: rows with equal keys share a rank, and a key that is not
/// equal to itself (a NaN) ranks after every other. Each distinct key is hashed once and compared
/// only with the others (a column of regions, tiers or owners has a few thousand at most among
/// 100,000 rows), and ordering rows by rank is a counting sort over integers.
struct SortRanks {
    /// Per row, its rank (`nanRank` for a NaN).
    private let ranks: [Int32]
    /// The number of distinct keys other than NaN, which is also the rank of a NaN.
    private let nanRank: Int

    /// The ranks of `items` by their key in `column`. A long list is split in two, each half's
    /// distinct keys found on its own core.
    init(_ items: [Sortable], column: Int) {
        let found = Concurrently.halves(of: items) { Self.distinct($0, column: column) }
        // The halves' distinct keys as one list, and each half's ids as ids in it.
        var distinct: [SortKey] = []
        var global: [SortKey: Int32] = [:]
        var rowIds: [Int32] = []
        rowIds.reserveCapacity(items.count)
        for (half, (ids, keys)) in found.enumerated() {
            let toGlobal = keys.map { key in
                if let id = global[key] { return id }
                let id = Int32(distinct.count)
                global[key] = id
                distinct.append(key)
                return id
            }
            rowIds.append(contentsOf: half == 0 ? ids : ids.map { $0 < 0 ? -1 : toGlobal[Int($0)] })
        }
        var rankOfId = [Int32](repeating: 0, count: distinct.count)
        for (rank, id) in distinct.indices.sorted(by: { distinct[$0] < distinct[$1] }).enumerated() {
            rankOfId[id] = Int32(rank)
        }
        let nanRank = distinct.count
        ranks = rowIds.map { $0 < 0 ? Int32(nanRank) : rankOfId[Int($0)] }
        self.nanRank = nanRank
    }

    /// Each row's id among the distinct keys of `column` in `items` (-1: NaN), and those keys
    /// in order of first appearance.
    private static func distinct(_ items: UnsafeBufferPointer<Sortable>, column: Int) -> ([Int32], [SortKey]) {
        var ids: [SortKey: Int32] = [:]
        var keys: [SortKey] = []
        var rowIds: [Int32] = []
        rowIds.reserveCapacity(items.count)
        for item in items {
            let key = item.keys[column]
            if case .number(let value) = key, value.isNaN {
                rowIds.append(-1)
            } else if let id = ids[key] {
                rowIds.append(id)
            } else {
                let id = Int32(keys.count)
                ids[key] = id
                keys.append(key)
                rowIds.append(id)
            }
        }
        return (rowIds, keys)
    }

    /// `positions` (rows; nil: every row, in order) in order of rank, descending when `reversed`
    /// (a NaN's rows last either way); rows of equal rank keep their order.
    func order(_ positions: [Int]?, reversed: Bool) -> [Int] {
        let count = positions?.count ?? ranks.count
        @inline(__always) func slot(_ at: Int) -> Int {
            let rank = Int(ranks[positions.map { $0[at] } ?? at])
            return reversed && rank < nanRank ? nanRank - 1 - rank : rank
        }
        // Where each slot's rows start, then each row dealt to the next place in its slot.
        var next = [Int](repeating: 0, count: nanRank + 2)
        for at in 0..<count { next[slot(at) + 1] += 1 }
        for index in 1..<next.count { next[index] += next[index - 1] }
        var result = [Int](repeating: 0, count: count)
        for at in 0..<count {
            let target = slot(at)
            result[next[target]] = positions.map { $0[at] } ?? at
            next[target] += 1
        }
        return result
    }
}
