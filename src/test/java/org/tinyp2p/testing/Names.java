package org.tinyp2p.testing;

import org.tinyp2p.files.SharedName;

/** Names for tests, checked as any name from the network. */
public final class Names {
    private Names() {
    }

    public static SharedName name(String wire) {
        try {
            return SharedName.parse(wire);
        } catch (SharedName.Refused e) {
            throw new AssertionError("not a name a client may write: " + wire + " (" + e.getMessage() + ")", e);
        }
    }
}
