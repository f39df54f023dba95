package org.tinyp2p.client.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The piece board's rules, on a clock the test moves (nanoseconds). */
class PieceBoardTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void workersTakePiecesInOrderAndTheLastIsShort() {
        PieceBoard<String> board = new PieceBoard<>(0, 25, 10, 5);
        assertEquals(0, board.next("a", 0).orElseThrow().offset());
        assertEquals(10, board.next("b", 0).orElseThrow().offset());
        PieceBoard.Assignment<String> last = board.next("a", 0).orElseThrow();
        assertEquals(20, last.offset());
        assertEquals(5, last.length());
        assertEquals(Optional.empty(), board.next("c", 0), "nothing left to take");
    }

    @Test
    void aBoardStartsWhereTheBytesAlreadyHereEnd() {
        PieceBoard<String> board = new PieceBoard<>(30, 45, 10, 3);
        assertEquals(30, board.next("a", 0).orElseThrow().offset());
        assertEquals(30, board.writtenTo());
        assertEquals(5, board.next("a", 0).orElseThrow().length());
    }

    @Test
    void piecesAreWrittenInFileOrderWhateverOrderTheyArriveIn() {
        PieceBoard<String> board = new PieceBoard<>(0, 30, 10, 4);
        PieceBoard.Assignment<String> first = board.next("a", 0).orElseThrow();
        PieceBoard.Assignment<String> second = board.next("b", 0).orElseThrow();
        assertTrue(board.arrived(second, 5));
        assertEquals(Optional.empty(), board.writable(), "the first piece is not here yet");
        assertTrue(board.arrived(first, 6));
        assertEquals(Optional.of(0L), board.writable());
        board.written(0);
        assertEquals(Optional.of(10L), board.writable());
        board.written(10);
        assertEquals(20, board.writtenTo());
        assertThrows(IllegalStateException.class, () -> board.written(20), "not arrived");
        assertFalse(board.done());
    }

    @Test
    void slotsBoundThePiecesHeldAndOneIsKeptForATakeover() {
        PieceBoard<String> board = new PieceBoard<>(0, 100, 10, 3);
        PieceBoard.Assignment<String> first = board.next("a", 0).orElseThrow();
        board.next("b", 0).orElseThrow();
        assertEquals(Optional.empty(), board.next("c", 0), "the last slot is for a takeover, not a new piece");
        assertTrue(board.arrived(first, 1));
        board.written(0);
        assertEquals(20, board.next("c", 1).orElseThrow().offset(), "a written piece frees its slot");
    }

    @Test
    void aFailedPieceIsHandedBackToTheNextWorkerAndTheFailingOneIsLetGo() {
        PieceBoard<String> board = new PieceBoard<>(0, 100, 10, 3);
        PieceBoard.Assignment<String> first = board.next("a", 0).orElseThrow();
        board.next("b", 0).orElseThrow();
        board.failed(first);
        assertTrue(board.isLetGo("a"));
        assertEquals(Optional.empty(), board.next("a", 1), "a failed worker gets nothing more");
        PieceBoard.Assignment<String> again = board.next("b", 1).orElseThrow();
        assertEquals(0, again.offset(), "handed back before anything new, even with one slot left");
        assertTrue(board.arrived(again, 2));
    }

    @Test
    void aLaggingPieceIsTakenOverByAnIdleWorkerAfterFourTimesTheUsualTime() {
        PieceBoard<String> board = new PieceBoard<>(0, 40, 10, 5);
        PieceBoard.Assignment<String> p0 = board.next("fast", 0).orElseThrow();
        PieceBoard.Assignment<String> p1 = board.next("slow", 0).orElseThrow();
        assertTrue(board.arrived(p0, 2 * SECOND)); // pieces usually take 2 s
        board.written(0);
        PieceBoard.Assignment<String> p2 = board.next("fast", 2 * SECOND).orElseThrow();
        assertTrue(board.arrived(p2, 4 * SECOND));
        PieceBoard.Assignment<String> p3 = board.next("fast", 4 * SECOND).orElseThrow();
        assertTrue(board.arrived(p3, 6 * SECOND));
        assertEquals(Optional.empty(), board.next("fast", 6 * SECOND), "the slow piece is 6 s old: not yet 4 x 2 s");
        PieceBoard.Assignment<String> takeover = board.next("fast", 8 * SECOND + 1).orElseThrow();
        assertEquals(10, takeover.offset());
        assertEquals("slow", takeover.overtaken());
        assertTrue(board.isLetGo("slow"));
        assertFalse(board.arrived(p1, 9 * SECOND), "the laggard's copy no longer counts");
        assertTrue(board.arrived(takeover, 9 * SECOND));
        board.written(10);
        board.written(20);
        board.written(30);
        assertTrue(board.done());
    }

    @Test
    void aWorkerDoesNotTakeOverItsOwnPieceNorTooSoon() {
        PieceBoard<String> board = new PieceBoard<>(0, 20, 10, 3);
        board.next("a", 0).orElseThrow();
        board.next("b", 0).orElseThrow();
        assertEquals(Optional.empty(), board.next("a", 10 * SECOND), "its own piece");
        // before any piece arrived, "usual" is the floor: 4 x 1 s
        assertEquals(Optional.empty(), board.next("c", 4 * PieceBoard.TAKEOVER_FLOOR_NANOS), "not yet 4 x the floor");
        assertEquals("a", board.next("c", 4 * PieceBoard.TAKEOVER_FLOOR_NANOS + 1).orElseThrow().overtaken());
    }

    @Test
    void aPieceFailedAfterAnotherWorkerTookItOverIsNotHandedBack() {
        PieceBoard<String> board = new PieceBoard<>(0, 20, 10, 3);
        PieceBoard.Assignment<String> lagging = board.next("a", 0).orElseThrow();
        board.next("b", 0).orElseThrow();
        PieceBoard.Assignment<String> takeover = board.next("c", 5 * SECOND).orElseThrow();
        board.failed(lagging); // its read was cut
        assertEquals(Optional.empty(), board.next("d", 5 * SECOND), "nothing handed back: c has it");
        assertTrue(board.arrived(takeover, 6 * SECOND));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PieceBoard<>(0, 10, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new PieceBoard<>(11, 10, 10, 3));
    }
}
