package org.tinyp2p.client;

import org.tinyp2p.protocol.RemotePeer;

/** A file some peer offers: where it is and its size (-1 when an original TinyP2P peer does not say). */
record Candidate(RemotePeer peer, String name, long size) {
}
