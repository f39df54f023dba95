package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.PeerException;
import org.tinyp2p.protocol.PeerFailures;
import org.tinyp2p.server.SeedJoin.Verdict;

/** Which failures of a seed are worth another try: the kind decides, not the wording. */
class SeedJoinTest {
    private static final PeerUrl SEED = PeerUrl.parse("http://127.0.0.1:9000").orElseThrow();

    @Test
    void aSeedThatDoesNotAnswerOrIsBusyIsTriedAgain() {
        assertEquals(Verdict.RETRY, Verdict.of(PeerFailures.unreachable(SEED, new ConnectException("Connection refused"))));
        assertEquals(Verdict.RETRY, Verdict.of(PeerFailures.unreachable(SEED, new SocketTimeoutException("Read timed out"))));
        assertEquals(Verdict.RETRY, Verdict.of(new PeerException(SEED, PeerException.Kind.FAULT, 429, "busy", null)));
    }

    @Test
    void aSeedThatFailsThePasswordExchangeIsNotTriedAgain() {
        assertEquals(Verdict.NOT_MEMBER, Verdict.of(PeerFailures.passwordRefused(SEED)));
        assertEquals(Verdict.NOT_MEMBER, Verdict.of(PeerFailures.notMember(SEED, "it does not speak TLS", null)));
    }

    @Test
    void otherAnswersAreLeftToLiveness() {
        // turned away for our earlier wrong passwords: trying again soon would only prolong it
        assertEquals(Verdict.LEAVE_TO_LIVENESS, Verdict.of(new PeerException(SEED, PeerException.Kind.FAULT, 0, "too many wrong passwords", null)));
        assertEquals(Verdict.LEAVE_TO_LIVENESS, Verdict.of(PeerFailures.clockSkew(SEED, "clock (1)")));
        assertEquals(Verdict.LEAVE_TO_LIVENESS, Verdict.of(PeerException.badAnswer(SEED, "not a list")));
    }
}
