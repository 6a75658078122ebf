import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Engine

/// Rendering runs on threads of its own: a render that holds its thread leaves the threads that
/// serve HTTP and send free.
@Suite(.timeLimit(.minutes(1))) struct RenderingTests {
    @Test func workRunsOnTheRenderingThreadsAcrossAwaits() async {
        #expect(!Rendering.isCurrent)
        let seen = await Rendering.run { () async -> [Bool] in
            let before = Rendering.isCurrent
            // Resumed from a thread of another queue: the task comes back to the rendering threads.
            await withCheckedContinuation { continuation in DispatchQueue.global().async { continuation.resume() } }
            return [before, Rendering.isCurrent]
        }
        #expect(seen == [true, true])
        #expect(!Rendering.isCurrent)
    }

    @Test func rendersHoldingTheirThreadsDoNotStarveTheCooperativePool() async {
        // More held renders than the machine has cores: on the cooperative pool (one thread a
        // core) they would leave nothing to run the check below, and the test would hang.
        let held = ProcessInfo.processInfo.activeProcessorCount * 2 + 2
        let release = DispatchSemaphore(value: 0)
        let started = Counter()
        let renders = (0..<held).map { _ in
            Task {
                await Rendering.run {
                    started.value.add(1, ordering: .sequentiallyConsistent)
                    release.wait()
                }
            }
        }
        while started.value.load(ordering: .sequentiallyConsistent) < held { await Task.yield() }
        let progressed = await withTaskGroup(of: Int.self) { group in
            for index in 0..<held { group.addTask { await Task.yield(); return index } }
            return await group.reduce(0) { $0 + $1 }
        }
        #expect(progressed == (0..<held).reduce(0, +))
        for _ in 0..<held { release.signal() }
        for render in renders { await render.value }
    }
}

final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
