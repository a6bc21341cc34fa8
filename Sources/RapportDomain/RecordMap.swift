/// Records by id, spread over 256 dictionaries by a hash of the id.
///
/// It reads like a `[String: Value]`. Copying it is cheap: a copy shares every dictionary. A
/// change to one record copies only the dictionary holding it, a 256th of the records.
/// The store and the app both hold the portfolio from before an edit. With one dictionary, each
/// edit copied the whole of it: a million interactions, about 0.3 s at 100,000 accounts.
///
/// The order of iteration is unspecified, as a dictionary's is.
public struct RecordMap<Value> {
    @usableFromInline static var shardCount: Int { 256 }

    /// The dictionaries, `shardCount` of them; a key lives in `shards[RecordMap.shard(of: key)]`.
    @usableFromInline var shards: [[String: Value]]
    @usableFromInline var _count: Int
    @inlinable public var count: Int { _count }

    @inlinable public init() {
        shards = Array(repeating: [:], count: RecordMap.shardCount)
        _count = 0
    }

    /// Room for `minimumCapacity` records without growing (a quarter more per dictionary, as
    /// hashing does not spread them exactly evenly).
    @inlinable public init(minimumCapacity: Int) {
        let each = minimumCapacity / RecordMap.shardCount
        shards = Array(repeating: [:], count: RecordMap.shardCount)
        if each > 0 {
            for shard in shards.indices { shards[shard].reserveCapacity(each + each / 4 + 8) }
        }
        _count = 0
    }

    /// A map of these dictionaries, `shards[i]` holding the keys whose shard is `i`.
    @inlinable init(shards: [[String: Value]]) {
        self.shards = shards
        _count = shards.reduce(0) { $0 + $1.count }
    }

    /// Which dictionary holds `key`: FNV-1a over its UTF-8, mixed, top byte. It is cheaper than
    /// the standard hash, which each lookup computes again inside the dictionary, and it is the
    /// same in every process. (The dictionary's own hash is seeded differently, so a shard's keys
    /// still spread over all its buckets.)
    @inlinable static func shard(of key: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash = (hash ^ (hash >> 29)) &* 0xbf58_476d_1ce4_e5b9
        return Int(truncatingIfNeeded: hash >> 56)
    }

    @inlinable public var isEmpty: Bool { count == 0 }

    /// Whether a record is stored under `key`, found without copying it out.
    @inlinable public func contains(key: String) -> Bool { shards[RecordMap.shard(of: key)].index(forKey: key) != nil }

    @inlinable public subscript(key: String) -> Value? {
        get { shards[RecordMap.shard(of: key)][key] }
        set {
            let shard = RecordMap.shard(of: key)
            if let newValue {
                if shards[shard].updateValue(newValue, forKey: key) == nil { _count += 1 }
            } else if shards[shard].removeValue(forKey: key) != nil {
                _count -= 1
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

    /// The ids, read from each dictionary's keys: the records stay where they are (mapping the
    /// elements would copy every record out to read its id).
    @inlinable public var keys: FlattenSequence<LazyMapSequence<[[String: Value]], Dictionary<String, Value>.Keys>> {
        shards.lazy.map(\.keys).joined()
    }
    @inlinable public var values: LazyMapCollection<RecordMap, Value> { lazy.map { $0.value } }

    /// How many values satisfy `predicate`, read where they are stored rather than copied out.
    @inlinable public func count(where predicate: (Value) throws -> Bool) rethrows -> Int {
        var total = 0
        for shard in shards {
            for position in shard.indices where try predicate(shard.values[position]) { total += 1 }
        }
        return total
    }

    /// Changes every value in place.
    @inlinable public mutating func modifyEach(_ body: (inout Value) throws -> Void) rethrows {
        for shard in shards.indices {
            var position = shards[shard].startIndex
            while position != shards[shard].endIndex {
                try body(&shards[shard].values[position])
                position = shards[shard].index(after: position)
            }
        }
    }

    /// Calls `body` with each key and its value, read in place (for passes over every record
    /// when a store opens).
    @inlinable public func forEachInPlace(_ body: (String, Value) throws -> Void) rethrows {
        for shard in shards {
            for position in shard.indices { try body(shard.keys[position], shard.values[position]) }
        }
    }
}

extension RecordMap: Collection {
    public struct Index: Comparable {
        /// `shardCount` at the end.
        @usableFromInline let shard: Int
        @usableFromInline let inner: Dictionary<String, Value>.Index?

        @inlinable init(shard: Int, inner: Dictionary<String, Value>.Index?) {
            self.shard = shard
            self.inner = inner
        }

        @inlinable public static func < (lhs: Index, rhs: Index) -> Bool {
            if lhs.shard != rhs.shard { return lhs.shard < rhs.shard }
            guard let left = lhs.inner, let right = rhs.inner else { return false }
            return left < right
        }

        @inlinable public static func == (lhs: Index, rhs: Index) -> Bool {
            lhs.shard == rhs.shard && lhs.inner == rhs.inner
        }
    }

    /// The first position at or after `shard`'s start that holds a record.
    @inlinable func firstIndex(fromShard shard: Int) -> Index {
        var shard = shard
        while shard < shards.count {
            if !shards[shard].isEmpty { return Index(shard: shard, inner: shards[shard].startIndex) }
            shard += 1
        }
        return endIndex
    }

    @inlinable public var startIndex: Index { firstIndex(fromShard: 0) }
    @inlinable public var endIndex: Index { Index(shard: shards.count, inner: nil) }

    @inlinable public func index(after position: Index) -> Index {
        let dictionary = shards[position.shard]
        let next = dictionary.index(after: position.inner!)
        if next != dictionary.endIndex { return Index(shard: position.shard, inner: next) }
        return firstIndex(fromShard: position.shard + 1)
    }

    @inlinable public subscript(position: Index) -> (key: String, value: Value) {
        shards[position.shard][position.inner!]
    }

    /// Walks each dictionary with its own iterator: a pass over a million records costs what it
    /// costs over one dictionary (stepping by position would fetch the dictionary every step).
    public struct Iterator: IteratorProtocol {
        @usableFromInline let shards: [[String: Value]]
        @usableFromInline var shard = 0
        @usableFromInline var inner: Dictionary<String, Value>.Iterator

        @inlinable init(_ shards: [[String: Value]]) {
            self.shards = shards
            inner = shards[0].makeIterator()
        }

        @inlinable public mutating func next() -> (key: String, value: Value)? {
            while true {
                if let element = inner.next() { return element }
                shard += 1
                guard shard < shards.count else { return nil }
                inner = shards[shard].makeIterator()
            }
        }
    }

    @inlinable public func makeIterator() -> Iterator { Iterator(shards) }
}

extension RecordMap: Sendable where Value: Sendable {}
extension RecordMap.Index: Sendable where Value: Sendable {}

extension RecordMap: Equatable where Value: Equatable {
    /// Equal when they hold the same records. Within one process a key's shard is fixed, so
    /// shards compare pairwise, and shards an edit did not touch are the same storage.
    @inlinable public static func == (lhs: RecordMap, rhs: RecordMap) -> Bool {
        lhs.count == rhs.count && lhs.shards == rhs.shards
    }
}

extension RecordMap {
    /// `elements` dealt out by the dictionary each belongs in (`key`'s shard), moved, not copied;
    /// each part holds its elements in reverse order. A dictionary is then filled from its part
    /// alone, its few thousand entries in cache, instead of a million inserts each landing
    /// somewhere else in hundreds of megabytes (a cache miss each).
    @inlinable static func dealtInReverse<Element>(_ elements: consuming [Element], key: (Element) -> String)
        -> [[Element]]
    {
        var shardOf = [UInt8](repeating: 0, count: elements.count)
        var counts = [Int](repeating: 0, count: shardCount)
        for position in elements.indices {
            let shard = shard(of: key(elements[position]))
            shardOf[position] = UInt8(truncatingIfNeeded: shard)
            counts[shard] += 1
        }
        return distributed(consume elements, into: shardOf, sizes: counts)
    }

    /// `elements` moved into `sizes.count` arrays, the one at position i into `buckets[i]`;
    /// each array is made exactly its size (`sizes`) and holds its elements in reverse order.
    @inlinable static func distributed<Element, Bucket: BinaryInteger>(
        _ elements: consuming [Element], into buckets: [Bucket], sizes: [Int]
    ) -> [[Element]] {
        var parts = sizes.map { size in
            var part: [Element] = []
            part.reserveCapacity(size)
            return part
        }
        var position = elements.count
        while let element = elements.popLast() {
            position -= 1
            parts[Int(buckets[position])].append(consume element)
        }
        return parts
    }

    /// `elements` by `key`, a later element replacing an earlier one with the same key, built
    /// one dictionary at a time (see ``dealtInReverse(_:key:)``). The elements are moved in.
    @inlinable public static func keying(_ elements: consuming [Value], by key: (Value) -> String) -> RecordMap<Value> {
        var parts = dealtInReverse(consume elements, key: key)
        var shards: [[String: Value]] = []
        shards.reserveCapacity(parts.count)
        for shard in parts.indices {
            var part = parts[shard]
            parts[shard] = []
            var dictionary: [String: Value] = [:]
            dictionary.reserveCapacity(part.count)
            // Taken from the end of the part: in the elements' own order, so a later one replaces.
            while let element = part.popLast() {
                let id = key(element)
                dictionary[id] = consume element
            }
            shards.append(dictionary)
        }
        return RecordMap(shards: shards)
    }

    /// `elements` grouped by `key` in arrays of exactly their size, built one dictionary at a
    /// time (see ``dealtInReverse(_:key:)``). The elements are moved in; the order within a
    /// group is unspecified.
    @inlinable public static func grouping<Element>(_ elements: consuming [Element], by key: (Element) -> String)
        -> RecordMap<[Element]> where Value == [Element]
    {
        var parts = dealtInReverse(consume elements, key: key)
        var shards: [[String: [Element]]] = []
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
            var groups = distributed(consume part, into: groupOf, sizes: sizes)
            var dictionary: [String: [Element]] = [:]
            dictionary.reserveCapacity(numbers.count)
            for (group, number) in numbers {
                dictionary[group] = groups[number]
                groups[number] = []
            }
            shards.append(dictionary)
        }
        return RecordMap(shards: shards)
    }
}
