/// Records by id, spread over 256 shards by a hash of the id.
///
/// It reads like a `[String: Value]`. Copying it is cheap: a copy shares every shard. A change
/// to one record copies only the shard holding it, a 256th of the records. The store and the app
/// both hold the portfolio from before an edit. With one dictionary, each edit copied the whole
/// of it: a million interactions, about 0.3 s at 100,000 accounts.
///
/// A shard keeps its keys and values in two dense arrays, and a dictionary from each key to its
/// position. So a value can be read where it is stored (an array lends its elements; a
/// `Dictionary` copies each value out, retaining every string it holds), and there are no empty
/// buckets the size of a record: only the small position table has those.
///
/// The order of iteration is unspecified, as a dictionary's is.
public struct RecordMap<Value> {
    @usableFromInline static var shardCount: Int { 256 }

    /// One shard: its keys and values side by side, in no particular order, and each key's
    /// position in them.
    @usableFromInline struct Shard {
        @usableFromInline var positions: [String: Int32] = [:]
        @usableFromInline var keys: [String] = []
        @usableFromInline var values: [Value] = []

        @inlinable init() {}

        @inlinable var count: Int { keys.count }

        @inlinable mutating func reserveCapacity(_ capacity: Int) {
            positions.reserveCapacity(capacity)
            keys.reserveCapacity(capacity)
            values.reserveCapacity(capacity)
        }

        @inlinable func position(of key: String) -> Int? { positions[key].map(Int.init) }

        /// Stores `value` under `key`; the value it replaced, if any.
        @inlinable mutating func updateValue(_ value: consuming Value, forKey key: String) -> Value? {
            if let position = positions[key].map(Int.init) {
                var previous = consume value
                swap(&previous, &values[position])
                return previous
            }
            positions[key] = Int32(keys.count)
            keys.append(key)
            values.append(value)
            return nil
        }

        /// Removes `key`: the last entry moves into its place.
        @inlinable mutating func removeValue(forKey key: String) -> Value? {
            guard let position = positions.removeValue(forKey: key).map(Int.init) else { return nil }
            let last = keys.count - 1
            if position != last {
                keys.swapAt(position, last)
                values.swapAt(position, last)
                positions[keys[position]] = Int32(position)
            }
            keys.removeLast()
            return values.removeLast()
        }
    }

    /// `shardCount` shards; a key lives in `shards[RecordMap.shard(of: key)]`.
    @usableFromInline var shards: [Shard]
    @usableFromInline var _count: Int
    @inlinable public var count: Int { _count }

    @inlinable public init() {
        shards = Array(repeating: Shard(), count: RecordMap.shardCount)
        _count = 0
    }

    /// Room for `minimumCapacity` records without growing (a quarter more per shard, as hashing
    /// does not spread them exactly evenly).
    @inlinable public init(minimumCapacity: Int) {
        let each = minimumCapacity / RecordMap.shardCount
        shards = Array(repeating: Shard(), count: RecordMap.shardCount)
        if each > 0 {
            for shard in shards.indices { shards[shard].reserveCapacity(each + each / 4 + 8) }
        }
        _count = 0
    }

    /// A map of these shards, `shards[i]` holding the keys whose shard is `i`.
    @inlinable init(shards: [Shard]) {
        self.shards = shards
        _count = shards.reduce(0) { $0 + $1.count }
    }

    /// Which shard holds `key`: FNV-1a over its UTF-8, mixed, top byte. It is cheaper than the
    /// standard hash, which each lookup computes again inside the shard's table, and it is the
    /// same in every process. (The table's own hash is seeded differently, so a shard's keys
    /// still spread over all its buckets.)
    @inlinable static func shard(of key: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash = (hash ^ (hash >> 29)) &* 0xbf58_476d_1ce4_e5b9
        return Int(truncatingIfNeeded: hash >> 56)
    }

    @inlinable public var isEmpty: Bool { count == 0 }

    /// Whether a record is stored under `key`, found without copying it out.
    @inlinable public func contains(key: String) -> Bool {
        shards[RecordMap.shard(of: key)].positions[key] != nil
    }

    /// What `read` takes from the record stored under `key`, read where it is stored (the
    /// subscript copies the whole record out, retaining every string it holds); nil if there is none.
    @inlinable public func read<T>(_ key: String, _ read: (UnsafePointer<Value>) throws -> T) rethrows -> T? {
        let shard = RecordMap.shard(of: key)
        guard let position = shards[shard].position(of: key) else { return nil }
        return try shards[shard].values.withUnsafeBufferPointer { try read($0.baseAddress! + position) }
    }

    @inlinable public subscript(key: String) -> Value? {
        get {
            let shard = RecordMap.shard(of: key)
            return shards[shard].position(of: key).map { shards[shard].values[$0] }
        }
        set {
            if let newValue {
                updateValue(newValue, forKey: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Stores `value` under `key`; the value it replaced, if any.
    @discardableResult
    @inlinable public mutating func updateValue(_ value: Value, forKey key: String) -> Value? {
        let previous = shards[RecordMap.shard(of: key)].updateValue(value, forKey: key)
        if previous == nil { _count += 1 }
        return previous
    }

    @discardableResult
    @inlinable public mutating func removeValue(forKey key: String) -> Value? {
        let previous = shards[RecordMap.shard(of: key)].removeValue(forKey: key)
        if previous != nil { _count -= 1 }
        return previous
    }

    /// The ids, read from each shard's keys: the records stay where they are.
    @inlinable public var keys: some Sequence<String> {
        shards.lazy.map(\.keys).joined()
    }
    @inlinable public var values: LazyMapCollection<RecordMap, Value> { lazy.map { $0.value } }

    /// How many values satisfy `predicate`, which is given where each is stored. (A value passed
    /// to a closure is copied first, retaining every string it holds: a million cache misses
    /// when a store opens.)
    @inlinable public func count(at predicate: (UnsafePointer<Value>) throws -> Bool) rethrows -> Int {
        var total = 0
        for shard in shards.indices {
            try shards[shard].values.withUnsafeBufferPointer { values in
                guard let start = values.baseAddress else { return }
                for position in values.indices where try predicate(start + position) { total += 1 }
            }
        }
        return total
    }

    /// Changes every value in place.
    @inlinable public mutating func modifyEach(_ body: (inout Value) throws -> Void) rethrows {
        for shard in shards.indices {
            for position in shards[shard].values.indices { try body(&shards[shard].values[position]) }
        }
    }

    /// Calls `body` with each key and where its value is stored (for passes over every record
    /// when a store opens; see ``count(at:)``).
    @inlinable public func forEachInPlace(_ body: (String, UnsafePointer<Value>) throws -> Void) rethrows {
        try forEachInPlace(part: 0, of: 1, body)
    }

    /// As ``forEachInPlace(_:)``, over part `part` (from 0) of the records cut into `parts` parts
    /// of whole shards: a pass over every record split among cores, each part on its own.
    @inlinable public func forEachInPlace(
        part: Int, of parts: Int, _ body: (String, UnsafePointer<Value>) throws -> Void
    ) rethrows {
        for shard in (part * shards.count / parts)..<((part + 1) * shards.count / parts) {
            try shards[shard].values.withUnsafeBufferPointer { values in
                guard let start = values.baseAddress else { return }
                for position in values.indices { try body(shards[shard].keys[position], start + position) }
            }
        }
    }
}

extension RecordMap: Collection {
    public struct Index: Comparable {
        /// `shardCount` at the end.
        @usableFromInline let shard: Int
        @usableFromInline let position: Int

        @inlinable init(shard: Int, position: Int) {
            self.shard = shard
            self.position = position
        }

        @inlinable public static func < (lhs: Index, rhs: Index) -> Bool {
            (lhs.shard, lhs.position) < (rhs.shard, rhs.position)
        }
    }

    /// The first position at or after `shard`'s start that holds a record.
    @inlinable func firstIndex(fromShard shard: Int) -> Index {
        var shard = shard
        while shard < shards.count {
            if shards[shard].count > 0 { return Index(shard: shard, position: 0) }
            shard += 1
        }
        return endIndex
    }

    @inlinable public var startIndex: Index { firstIndex(fromShard: 0) }
    @inlinable public var endIndex: Index { Index(shard: shards.count, position: 0) }

    @inlinable public func index(after position: Index) -> Index {
        if position.position + 1 < shards[position.shard].count {
            return Index(shard: position.shard, position: position.position + 1)
        }
        return firstIndex(fromShard: position.shard + 1)
    }

    @inlinable public subscript(position: Index) -> (key: String, value: Value) {
        (shards[position.shard].keys[position.position], shards[position.shard].values[position.position])
    }

    /// Walks each shard's arrays in turn.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let shards: [Shard]
        @usableFromInline var shard = 0
        @usableFromInline var position = 0

        @inlinable init(_ shards: [Shard]) { self.shards = shards }

        @inlinable public mutating func next() -> (key: String, value: Value)? {
            while shard < shards.count {
                if position < shards[shard].count {
                    defer { position += 1 }
                    return (shards[shard].keys[position], shards[shard].values[position])
                }
                shard += 1
                position = 0
            }
            return nil
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(shards) }
}

extension RecordMap: Sendable where Value: Sendable {}
extension RecordMap.Shard: Sendable where Value: Sendable {}
extension RecordMap.Index: Sendable where Value: Sendable {}

extension RecordMap: Equatable where Value: Equatable {
    /// Equal when they hold the same records. Within one process a key's shard is fixed, so
    /// shards compare pairwise, and shards an edit did not touch are the same storage.
    @inlinable public static func == (lhs: RecordMap, rhs: RecordMap) -> Bool {
        lhs.count == rhs.count && lhs.shards == rhs.shards
    }
}

extension RecordMap.Shard: Equatable where Value: Equatable {
    /// The same keys with the same values, in any order (the same arrays: at once).
    @inlinable static func == (lhs: RecordMap.Shard, rhs: RecordMap.Shard) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.keys == rhs.keys && lhs.values == rhs.values { return true }
        for position in lhs.keys.indices {
            guard let other = rhs.position(of: lhs.keys[position]), rhs.values[other] == lhs.values[position]
            else { return false }
        }
        return true
    }
}

extension RecordMap {
    /// The elements of `pieces` (in order, piece after piece) dealt out by the shard each
    /// belongs in (`key`'s), moved, not copied; each part holds its elements in reverse order. A
    /// shard is then filled from its part alone, its few thousand entries in cache, instead of a
    /// million inserts each landing somewhere else in hundreds of megabytes (a cache miss each).
    @inlinable static func dealtInReverse<Element>(_ pieces: consuming [[Element]], key: (Element) -> String)
        -> [[Element]]
    {
        var shardOf = [UInt8](repeating: 0, count: pieces.reduce(0) { $0 + $1.count })
        var counts = [Int](repeating: 0, count: shardCount)
        var position = 0
        for piece in pieces.indices {
            for element in pieces[piece].indices {
                let shard = shard(of: key(pieces[piece][element]))
                shardOf[position] = UInt8(truncatingIfNeeded: shard)
                counts[shard] += 1
                position += 1
            }
        }
        return distributed(consume pieces, into: shardOf, sizes: counts)
    }

    /// The elements of `pieces` (piece after piece) moved into `sizes.count` arrays, the one at
    /// position i into `buckets[i]`; each array is made exactly its size (`sizes`) and holds its
    /// elements in reverse order.
    @inlinable static func distributed<Element, Bucket: BinaryInteger>(
        _ pieces: consuming [[Element]], into buckets: [Bucket], sizes: [Int]
    ) -> [[Element]] {
        var parts = sizes.map { size in
            var part: [Element] = []
            part.reserveCapacity(size)
            return part
        }
        var position = buckets.count
        // Taken from the end (moved out): the last piece first, each from its end.
        while var piece = pieces.popLast() {
            while let element = piece.popLast() {
                position -= 1
                parts[Int(buckets[position])].append(consume element)
            }
        }
        return parts
    }

    /// `elements` by `key`, a later element replacing an earlier one with the same key, built
    /// one shard at a time (see ``dealtInReverse(_:key:)``). The elements are moved in.
    @inlinable public static func keying(_ elements: consuming [Value], by key: (Value) -> String) -> RecordMap<Value> {
        keying(pieces: [consume elements], by: key)
    }

    /// The elements of `pieces`, piece after piece, by `key` (see ``keying(_:by:)``): the pieces a
    /// section was decoded in, without joining them (which copies every record).
    @inlinable public static func keying(pieces: consuming [[Value]], by key: (Value) -> String) -> RecordMap<Value> {
        var parts = dealtInReverse(consume pieces, key: key)
        var shards: [Shard] = []
        shards.reserveCapacity(parts.count)
        for part in parts.indices {
            var elements = parts[part]
            parts[part] = []
            var shard = Shard()
            shard.reserveCapacity(elements.count)
            // Taken from the end of the part: in the elements' own order, so a later one replaces.
            while let element = elements.popLast() {
                let id = key(element)
                _ = shard.updateValue(consume element, forKey: id)
            }
            shards.append(shard)
        }
        return RecordMap(shards: shards)
    }

    /// `elements` grouped by `key` in arrays of exactly their size, built one shard at a time
    /// (see ``dealtInReverse(_:key:)``). The elements are moved in; the order within a group is
    /// unspecified.
    @inlinable public static func grouping<Element>(_ elements: consuming [Element], by key: (Element) -> String)
        -> RecordMap<[Element]> where Value == [Element]
    {
        var parts = dealtInReverse([consume elements], key: key)
        var shards: [RecordMap<[Element]>.Shard] = []
        shards.reserveCapacity(parts.count)
        for shard in parts.indices {
            let part = parts[shard]
            parts[shard] = []
            // Each element's group, numbered in order of first appearance: one lookup each.
            var numbers: [String: Int] = [:]
            var groupOf = [Int32](repeating: 0, count: part.count)
            var sizes: [Int] = []
            for position in part.indices {
                let number = numbers.count
                let found = numbers[key(part[position]), default: number]
                if found == number {
                    numbers[key(part[position])] = number
                    sizes.append(0)
                }
                groupOf[position] = Int32(found)
                sizes[found] += 1
            }
            var groups = distributed([consume part], into: groupOf, sizes: sizes)
            var built = RecordMap<[Element]>.Shard()
            built.reserveCapacity(numbers.count)
            for (group, number) in numbers {
                _ = built.updateValue(groups[number], forKey: group)
                groups[number] = []
            }
            shards.append(built)
        }
        return RecordMap(shards: shards)
    }
}
