package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static List<Long> seconds(Backoff backoff, int tries) {
        return IntStream.rangeClosed(1, tries).mapToObj(backoff::after).map(Duration::toSeconds).toList();
    }

    @Test
    void aSeedIsTriedAfterOneSecondThenDoublingUpToThePingInterval() {
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L), seconds(Backoff.forSeed(Duration.ofSeconds(30)), 8));
        assertTrue(Backoff.forSeed(Duration.ofSeconds(30)).retries());
    }

    @Test
    void theWaitsAddUpSoASeedUpWithinThreeSecondsIsJoinedWithinTwo() {
        // tries at 0, 1 and 3 s: a seed that comes up in the first 3 s waits at most 2 s for the next
        Backoff backoff = Backoff.forSeed(Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(3), backoff.after(1).plus(backoff.after(2)));
    }

    @Test
    void aShortIntervalCapsEvenTheFirstWait() {
        assertEquals(List.of(1L, 2L, 2L), seconds(Backoff.forSeed(Duration.ofSeconds(2)), 3));
        assertEquals(Duration.ofMillis(500), new Backoff(Duration.ofSeconds(1), Duration.ofMillis(500)).after(1));
    }

    @Test
    void aPingIntervalOfZeroMeansNoRetries() {
        assertFalse(Backoff.forSeed(Duration.ZERO).retries());
    }

    @Test
    void aLongRunOfFailuresStaysAtTheCap() {
        Backoff backoff = Backoff.forSeed(Duration.ofSeconds(86_400));
        assertEquals(Duration.ofSeconds(86_400), backoff.after(Integer.MAX_VALUE));
        assertEquals(Duration.ZERO, new Backoff(Duration.ZERO, Duration.ofSeconds(5)).after(Integer.MAX_VALUE));
    }

    @Test
    void countsAndWaitsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.forSeed(Duration.ofSeconds(30)).after(0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(30)));
    }
}
