package org.tinyp2p.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SharesTest {
    @Test
    void strangersTakeAtMostTheirPartAndMembersTheRest() throws Exception {
        Shares workers = new Shares(32, 16, true);
        for (int i = 0; i < 16; i++) {
            assertTrue(workers.take(1, false, 0), "stranger " + i);
        }
        assertFalse(workers.take(1, false, 0), "the 17th stranger waits (here: not at all) and is refused");
        assertEquals(16, workers.available(), "and took nothing");
        for (int i = 0; i < 16; i++) {
            assertTrue(workers.take(1, true, 0), "member " + i);
        }
        assertFalse(workers.take(1, true, 0), "all taken");
        workers.give(1, false);
        assertFalse(workers.take(1, true, 0) && workers.take(1, false, 0), "one place back, for one taker");
    }

    @Test
    void membersMayTakeEverythingAndThenStrangersNothing() throws Exception {
        Shares bytes = new Shares(100, 50, false);
        assertTrue(bytes.take(100, true, 0));
        assertFalse(bytes.take(1, false, 0));
        bytes.give(60, true);
        assertTrue(bytes.take(50, false, 0), "a stranger's part is free again");
        assertFalse(bytes.take(1, false, 0));
        assertTrue(bytes.take(10, true, 0), "members still find the rest");
    }
}
