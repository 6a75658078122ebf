/// The last `capacity` elements appended, oldest first; appending to a full ring drops the oldest.
///
/// A fixed array and a moving start rather than `removeFirst`, so a million-message run keeps a
/// constant footprint and constant time per append.
struct Ring<Element: Sendable>: Sendable {
    let capacity: Int
    private var storage: [Element] = []
    private var start = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    var count: Int { storage.count }

    /// Appends `element` and returns the one that fell out, if the ring was full.
    @discardableResult
    mutating func append(_ element: Element) -> Element? {
        guard storage.count == capacity else {
            storage.append(element)
            return nil
        }
        let evicted = storage[start]
        storage[start] = element
        start = (start + 1) % capacity
        return evicted
    }

    /// Oldest first.
    var elements: [Element] { Array(storage[start...]) + Array(storage[..<start]) }
}
