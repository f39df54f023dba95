package org.tinyp2p.protocol;

import org.tinyp2p.Failure;
import org.tinyp2p.peer.PeerUrl;

/** A call to a peer that did not work; the message names the peer and says why in a few words. */
public final class PeerException extends Failure {
    public enum Kind {
        /** Could not connect, timed out, or the connection broke. */
        UNREACHABLE,
        /** The peer refused our password. */
        PASSWORD_REFUSED,
        /** The peer answered with a fault (it may not know the method, or refused the request). */
        FAULT,
        /** The peer answered something that is not a valid answer. */
        BAD_ANSWER
    }

    private final PeerUrl peer;
    private final Kind kind;
    private final int faultCode;

    public PeerException(PeerUrl peer, Kind kind, int faultCode, String message, Throwable cause) {
        super(message, cause);
        this.peer = peer;
        this.kind = kind;
        this.faultCode = faultCode;
    }

    public static PeerException badAnswer(PeerUrl peer, String what) {
        return new PeerException(peer, Kind.BAD_ANSWER, 0, peer + " sent an invalid answer: " + what, null);
    }

    public PeerUrl peer() {
        return peer;
    }

    public Kind kind() {
        return kind;
    }

    public int faultCode() {
        return faultCode;
    }
}
