import Testing

@testable import EventStore

@Suite(.timeLimit(.minutes(5))) struct ProjectorLoopTests {
    @Test func matchingVersionProjectsAndSleepsWhenCaughtUp() {
        var loop = ProjectorLoop(version: 3)
        #expect(loop.handle(.started) == .acquireLock)
        #expect(loop.handle(.lockAcquired(storedVersion: 3)) == .applyNextBatch)
        #expect(loop.handle(.applied(caughtUp: false)) == .applyNextBatch)
        #expect(loop.handle(.applied(caughtUp: true)) == .waitForWakeUp)
        #expect(loop.state == .idle)
        #expect(loop.handle(.wokeUp) == .applyNextBatch)
    }

    @Test func changedOrMissingVersionRebuildsFirst() {
        var loop = ProjectorLoop(version: 2)
        _ = loop.handle(.started)
        #expect(loop.handle(.lockAcquired(storedVersion: 1)) == .rebuild)
        #expect(loop.state == .rebuilding)
        #expect(loop.handle(.rebuilt) == .applyNextBatch)

        var fresh = ProjectorLoop(version: 1)
        _ = fresh.handle(.started)
        #expect(fresh.handle(.lockAcquired(storedVersion: nil)) == .rebuild)
    }

    @Test func aNewerStoredVersionIsNeverRebuiltBackwards() {
        var loop = ProjectorLoop(version: 1, standbyInterval: .seconds(2))
        _ = loop.handle(.started)
        #expect(loop.handle(.lockAcquired(storedVersion: 2)) == .restart(after: .seconds(2)))
        #expect(loop.state == .superseded)
        #expect(loop.handle(.started) == .acquireLock)
    }

    @Test func anotherProcessHoldingTheLockMeansStandby() {
        var loop = ProjectorLoop(version: 1, standbyInterval: .seconds(2))
        _ = loop.handle(.started)
        #expect(loop.handle(.lockDenied) == .retryLock(after: .seconds(2)))
        #expect(loop.state == .standby)
        #expect(loop.handle(.started) == .acquireLock)
    }

    @Test func failuresBackOffExponentiallyAndResetAfterSuccess() {
        var loop = ProjectorLoop(version: 1)
        _ = loop.handle(.started)
        #expect(loop.handle(.failed) == .restart(after: .milliseconds(100)))
        #expect(loop.handle(.failed) == .restart(after: .milliseconds(200)))
        #expect(loop.handle(.failed) == .restart(after: .milliseconds(400)))
        #expect(loop.state == .recovering(failures: 3))
        #expect(loop.handle(.started) == .acquireLock)
        _ = loop.handle(.lockAcquired(storedVersion: 1))
        _ = loop.handle(.applied(caughtUp: true))
        #expect(loop.handle(.failed) == .restart(after: .milliseconds(100)))
        #expect(ProjectorLoop.backOff(failures: 50) == .seconds(10))
    }
}

extension ProjectorLoopTests {
    /// An event that cannot be folded keeps the lock and retries the batch, 0.5 s doubling to 30 s;
    /// a batch that folds again resets the back-off.
    @Test func aFoldFailureKeepsTheLockAndBacksOffUpToThirtySeconds() {
        var loop = ProjectorLoop(version: 1)
        _ = loop.handle(.started)
        #expect(loop.handle(.lockAcquired(storedVersion: 1)) == .applyNextBatch)
        let delays = (1...9).map { _ in loop.handle(.foldFailed) }
        #expect(
            delays == [0.5, 1, 2, 4, 8, 16, 30, 30, 30].map { .retryBatch(after: .milliseconds(Int64($0 * 1000))) })
        #expect(loop.state == .failing(attempts: 9))
        #expect(loop.handle(.wokeUp) == .applyNextBatch)
        #expect(loop.handle(.applied(caughtUp: true)) == .waitForWakeUp)
        #expect(loop.handle(.foldFailed) == .retryBatch(after: .milliseconds(500)), "reset after a batch folds")
    }
}
